// Schedules as _stack.cron_parse (schema.sql) returns them, and when a cron schedule fires, in UTC
// as pg_cron's default `cron.timezone` (GMT) has it. Parsing lives in SQL alone, because
// cron.schedule must refuse a bad schedule inside the calling statement; this module only does the
// arithmetic on what the parser returns.

/** Five cron fields, expanded to the values they select. */
export interface CronFields {
	minutes: number[];
	hours: number[];
	/** Days of the month, 1–31. */
	days: number[];
	/** 1–12. */
	months: number[];
	/** 0–6, Sunday first. */
	weekdays: number[];
	/** `$` in the day field: the last day of the month. */
	lastDay: boolean;
	/** The day field began with `*`; see `matchesDay`. */
	daysStar: boolean;
	weekdaysStar: boolean;
}

export type Schedule = { seconds: number } | { reboot: true } | CronFields;

export const isCron = (schedule: Schedule): schedule is CronFields => 'minutes' in schedule;

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;
/** Far enough for any schedule that ever fires (a leap day on a given weekday recurs within 28 years). */
const horizonDays = 366 * 30;

/**
 * Vixie cron's rule, which pg_cron keeps: when either day field is `*` (even `*\/2`), a day must
 * match both; when neither is, matching one is enough (`0 0 1 * mon`: the 1st and every Monday).
 */
function matchesDay(fields: CronFields, day: Date): boolean {
	const date = day.getUTCDate();
	const isLastDay = new Date(day.getTime() + dayMs).getUTCDate() === 1;
	const dayOfMonth = fields.days.includes(date) || (fields.lastDay && isLastDay);
	const dayOfWeek = fields.weekdays.includes(day.getUTCDay());
	return fields.daysStar || fields.weekdaysStar ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
}

/** True when `fields` fires in the minute starting at `minuteStart`. */
export function firesAt(fields: CronFields, minuteStart: number): boolean {
	const at = new Date(minuteStart);
	return (
		fields.minutes.includes(at.getUTCMinutes()) &&
		fields.hours.includes(at.getUTCHours()) &&
		fields.months.includes(at.getUTCMonth() + 1) &&
		matchesDay(fields, at)
	);
}

export const minuteStartOf = (ms: number) => Math.floor(ms / minuteMs) * minuteMs;

/** The start of the first minute after `afterMs` in which `fields` fires; undefined if it never does. */
export function nextFire(fields: CronFields, afterMs: number): number | undefined {
	const first = minuteStartOf(afterMs) + minuteMs;
	let day = new Date(first - (first % dayMs));
	for (let i = 0; i < horizonDays; i++, day = new Date(day.getTime() + dayMs)) {
		if (!fields.months.includes(day.getUTCMonth() + 1) || !matchesDay(fields, day)) continue;
		for (const hour of fields.hours)
			for (const minute of fields.minutes) {
				const at = day.getTime() + hour * 60 * minuteMs + minute * minuteMs;
				if (at >= first) return at;
			}
	}
	return undefined;
}
