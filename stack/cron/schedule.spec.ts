import { describe, expect, it } from 'vitest';
import { firesAt, nextFire, type CronFields } from './schedule';

const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Fields as _stack.cron_parse returns them for `* * * * *`, with `overrides`. */
const fields = (overrides: Partial<CronFields> = {}): CronFields => ({
	minutes: range(0, 59),
	hours: range(0, 23),
	days: range(1, 31),
	months: range(1, 12),
	weekdays: range(0, 6),
	lastDay: false,
	daysStar: true,
	weekdaysStar: true,
	...overrides
});

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('nextFire', () => {
	it('fires every minute at the start of the next minute, never in the current one', () => {
		expect(iso(nextFire(fields(), at('2026-03-01T10:15:42.500Z')))).toBe(
			'2026-03-01T10:16:00.000Z'
		);
		expect(iso(nextFire(fields(), at('2026-03-01T10:16:00.000Z')))).toBe(
			'2026-03-01T10:17:00.000Z'
		);
	});

	it('steps over the hour, the day and the year', () => {
		const daily = fields({ minutes: [30], hours: [4] });
		expect(iso(nextFire(daily, at('2026-03-01T04:30:00Z')))).toBe('2026-03-02T04:30:00.000Z');
		expect(iso(nextFire(daily, at('2026-12-31T05:00:00Z')))).toBe('2027-01-01T04:30:00.000Z');
	});

	it('walks lists and steps in order', () => {
		const quarterHours = fields({ minutes: [0, 15, 30, 45] });
		expect(iso(nextFire(quarterHours, at('2026-03-01T10:16:00Z')))).toBe(
			'2026-03-01T10:30:00.000Z'
		);
		expect(iso(nextFire(quarterHours, at('2026-03-01T10:45:00Z')))).toBe(
			'2026-03-01T11:00:00.000Z'
		);
	});

	it('needs both day fields when one of them is a star', () => {
		// `0 12 * * 1-5`: weekdays at noon; 2026-03-07 is a Saturday.
		const weekdaysAtNoon = fields({
			minutes: [0],
			hours: [12],
			weekdays: [1, 2, 3, 4, 5],
			weekdaysStar: false
		});
		expect(iso(nextFire(weekdaysAtNoon, at('2026-03-06T12:00:00Z')))).toBe(
			'2026-03-09T12:00:00.000Z'
		);
	});

	it('takes either day field when neither is a star (`0 0 13 * 5`: the 13th and every Friday)', () => {
		const either = fields({
			minutes: [0],
			hours: [0],
			days: [13],
			weekdays: [5],
			daysStar: false,
			weekdaysStar: false
		});
		// 2026-04-10 is a Friday, 2026-04-13 a Monday, 2026-04-17 the next Friday.
		expect(iso(nextFire(either, at('2026-04-10T00:00:00Z')))).toBe('2026-04-13T00:00:00.000Z');
		expect(iso(nextFire(either, at('2026-04-13T00:00:00Z')))).toBe('2026-04-17T00:00:00.000Z');
	});

	it('finds the last day of each month for `$`, leap years included', () => {
		const lastDay = fields({ minutes: [0], hours: [12], days: [], lastDay: true, daysStar: false });
		expect(iso(nextFire(lastDay, at('2026-02-01T00:00:00Z')))).toBe('2026-02-28T12:00:00.000Z');
		expect(iso(nextFire(lastDay, at('2028-02-01T00:00:00Z')))).toBe('2028-02-29T12:00:00.000Z');
		expect(iso(nextFire(lastDay, at('2026-04-30T12:00:00Z')))).toBe('2026-05-31T12:00:00.000Z');
	});

	it('skips months without the day, and finds leap days years ahead', () => {
		const thirtyFirst = fields({ minutes: [0], hours: [0], days: [31], weekdaysStar: true });
		expect(iso(nextFire(thirtyFirst, at('2026-03-31T00:00:00Z')))).toBe('2026-05-31T00:00:00.000Z');
		const leapDay = fields({ minutes: [0], hours: [0], days: [29], months: [2] });
		expect(iso(nextFire(leapDay, at('2026-01-01T00:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
	});

	it('says never for a date that does not exist', () => {
		expect(
			nextFire(fields({ days: [30], months: [2] }), at('2026-01-01T00:00:00Z'))
		).toBeUndefined();
	});
});

describe('firesAt', () => {
	it('matches the minute, hour, month and day of a UTC time', () => {
		const mondays = fields({ minutes: [5], hours: [4], weekdays: [1], weekdaysStar: false });
		expect(firesAt(mondays, at('2026-03-02T04:05:00Z'))).toBe(true);
		expect(firesAt(mondays, at('2026-03-03T04:05:00Z'))).toBe(false);
		expect(firesAt(mondays, at('2026-03-02T04:06:00Z'))).toBe(false);
	});
});
