import { describe, expect, it } from 'vitest';
import { compareKeys, cursorParam, mergeTimeline, parseCursor } from './timeline';

const at = (time: string, id: number, text = '') => ({ created_at: time, id, text });

describe('timeline positions', () => {
	it('round-trip through a query parameter', () => {
		const key = { created_at: '2026-12-04T11:00:00.123456+00:00', id: 42 };
		expect(parseCursor(cursorParam(key))).toEqual(key);
	});

	it('refuse anything but a timestamp and a positive id, so nothing else reaches a filter', () => {
		for (const value of [
			null,
			'',
			'42',
			'2026-12-04T11:00:00+00:00',
			'2026-12-04T11:00:00+00:00~0',
			'2026-12-04T11:00:00+00:00~1.5',
			'2026-12-04T11:00:00+00:00),id.gt.(0~1',
			'yesterday~3'
		])
			expect(parseCursor(value)).toBeUndefined();
	});

	it('order by time to the microsecond, then by id', () => {
		const keys = [
			at('2026-12-04T11:00:00.000002+00:00', 1),
			at('2026-12-04T11:00:00.000001+00:00', 3),
			at('2026-12-04T11:00:00.000001+00:00', 2)
		];
		expect(keys.sort(compareKeys).map((key) => key.id)).toEqual([2, 3, 1]);
	});
});

describe('merging timeline pages', () => {
	it('keeps each item once, oldest first, the later copy winning', () => {
		const older = [at('2026-12-04T10:00:00Z', 1), at('2026-12-04T10:01:00Z', 2, 'old copy')];
		const newer = [at('2026-12-04T10:01:00Z', 2, 'new copy'), at('2026-12-04T10:02:00Z', 3)];
		const merged = mergeTimeline(newer, older.slice(0, 1), newer);
		expect(merged.map((item) => item.id)).toEqual([1, 2, 3]);
		expect(merged[1].text).toBe('new copy');
	});
});
