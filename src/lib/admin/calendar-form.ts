// A business calendar as its form edits it: a line of hours per weekday ("09:00–12:00, 13:00–17:00",
// blank when closed) and a holiday per line ("2026-12-25 Christmas Day"). The database checks what
// only it can (a real time zone, a real date, overlaps, a week with no hours) and says so.
import { z } from 'zod';

export const weekdays = [
	{ key: 'mon', label: 'Monday' },
	{ key: 'tue', label: 'Tuesday' },
	{ key: 'wed', label: 'Wednesday' },
	{ key: 'thu', label: 'Thursday' },
	{ key: 'fri', label: 'Friday' },
	{ key: 'sat', label: 'Saturday' },
	{ key: 'sun', label: 'Sunday' }
] as const;

type Day = (typeof weekdays)[number]['key'];
// Type aliases, not interfaces: they are JSON the database takes as it is.
export type Interval = { start: string; end: string };
export type Holiday = { date: string; name: string };

const interval = /^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$/;
const pad = (time: string) => time.padStart(5, '0');

const dayHours = z
	.string()
	.default('')
	.transform((value, context) => {
		const intervals: Interval[] = [];
		for (const part of value.split(',').map((text) => text.trim())) {
			if (!part) continue;
			const match = interval.exec(part);
			if (!match) {
				context.addIssue({
					code: 'custom',
					message: `Write hours as 09:00–17:00, separated by commas (not “${part}”).`
				});
				return z.NEVER;
			}
			intervals.push({ start: pad(match[1]), end: pad(match[2]) });
		}
		return intervals;
	});

const holidayLine = /^(\S+)\s+(.+)$/;

const holidayLines = z
	.string()
	.default('')
	.transform((value, context) => {
		const holidays: Holiday[] = [];
		for (const line of value.split('\n').map((text) => text.trim())) {
			if (!line) continue;
			const match = holidayLine.exec(line);
			if (!match) {
				context.addIssue({
					code: 'custom',
					message: `Write each holiday as a date and a name, such as 2026-12-25 Christmas Day (not “${line}”).`
				});
				return z.NEVER;
			}
			holidays.push({ date: match[1], name: match[2].trim() });
		}
		return holidays;
	});

const hoursFields = Object.fromEntries(weekdays.map(({ key }) => [`hours_${key}`, dayHours])) as {
	[K in Day as `hours_${K}`]: typeof dayHours;
};

export const calendarForm = z
	.object({
		name: z
			.string({ error: 'Name the calendar.' })
			.trim()
			.min(1, { error: 'Name the calendar.' })
			.max(100, { error: 'Keep the name to 100 characters.' }),
		time_zone: z
			.string({ error: 'Choose a time zone.' })
			.trim()
			.min(1, { error: 'Choose a time zone.' }),
		holidays: holidayLines,
		is_default: z
			.string()
			.optional()
			.transform((value) => value === 'on'),
		...hoursFields
	})
	.transform(({ name, time_zone, holidays, is_default, ...hours }) => ({
		name,
		time_zone,
		holidays,
		is_default,
		opening_hours: Object.fromEntries(
			weekdays.map(({ key }) => [key, hours[`hours_${key}`]])
		) as Record<Day, Interval[]>
	}));

/** A day's saved hours as its form field shows them. */
export const hoursText = (openingHours: unknown, day: Day) => {
	const intervals = (openingHours as Partial<Record<Day, Interval[]>> | null)?.[day] ?? [];
	return intervals.map(({ start, end }) => `${start}–${end}`).join(', ');
};

/** Saved holidays as their form field shows them. */
export const holidaysText = (holidays: unknown) =>
	(Array.isArray(holidays) ? (holidays as Holiday[]) : [])
		.map(({ date, name }) => `${date} ${name}`)
		.join('\n');
