// The report filters as the URL holds them (?preset=30d&team=…&agent=…&priority=…&type=…, or
// ?from=2026-11-01&to=2026-11-30 for a custom range), resolved to dates in the workspace's zone.
import { z } from 'zod';
import { ticketPriorities, type TicketPriority } from '$lib/tickets';

export const presets = ['today', '7d', '30d', 'quarter', 'year', 'custom'] as const;
export type Preset = (typeof presets)[number];

export const presetLabels: Record<Preset, string> = {
	today: 'Today',
	'7d': 'Last 7 days',
	'30d': 'Last 30 days',
	quarter: 'This quarter',
	year: 'Last 12 months',
	custom: 'Custom range'
};

/** At most this many days in one report (the database says the same). */
export const maxRangeDays = 1096;

export interface ReportFilters {
	preset: Preset;
	from: string;
	to: string;
	team: string | null;
	agent: string | null;
	priority: TicketPriority | null;
	type: string | null;
}

/** `any` (or nothing) is no filter. */
export const anyValue = 'any';

/** A value that may be absent: '' and `any` read as absent. */
const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess(
		(value) => (value === '' || value === anyValue ? undefined : value),
		schema.optional()
	);

const isoDay = z.iso.date({ error: 'Dates look like 2026-11-30.' });
const id = (what: string) => optional(z.uuid({ error: `That ${what} does not exist.` }));

const params = z.object({
	preset: optional(z.enum(presets, { error: 'Choose a date range from the list.' })),
	from: optional(isoDay),
	to: optional(isoDay),
	team: id('team'),
	agent: id('agent'),
	priority: optional(z.enum(ticketPriorities, { error: 'Choose a priority from the list.' })),
	type: id('ticket type')
});

/** Today's date (YYYY-MM-DD) in `zone`. */
// A formatter per zone: making one costs milliseconds (the zone's rules are loaded each time),
// formatting with it microseconds, and every report page and export asks for today.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function todayIn(zone: string, now = new Date()): string {
	let format = dayFormats.get(zone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-CA', { timeZone: zone });
		dayFormats.set(zone, format);
	}
	return format.format(now);
}

export const addDays = (day: string, days: number) => {
	const date = new Date(`${day}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
};

export const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function presetRange(preset: Exclude<Preset, 'custom'>, today: string): [string, string] {
	switch (preset) {
		case 'today':
			return [today, today];
		case '7d':
			return [addDays(today, -6), today];
		case '30d':
			return [addDays(today, -29), today];
		case 'year':
			return [addDays(today, -364), today];
		case 'quarter': {
			const month = Number(today.slice(5, 7));
			const first = Math.floor((month - 1) / 3) * 3 + 1;
			return [`${today.slice(0, 4)}-${String(first).padStart(2, '0')}-01`, today];
		}
	}
}

export type ParsedFilters = { ok: true; filters: ReportFilters } | { ok: false; message: string };

/**
 * The filters in `search`, with presets resolved against `today`. A custom range must be in order
 * and at most three years long; anything else is refused with a message for the person.
 */
export function parseFilters(search: URLSearchParams, today: string): ParsedFilters {
	const parsed = params.safeParse(Object.fromEntries(search));
	if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message };
	const { from, to, team, agent, priority, type } = parsed.data;
	const preset = parsed.data.preset ?? (from || to ? 'custom' : '30d');
	let range: [string, string];
	if (preset === 'custom') {
		if (!from || !to) return { ok: false, message: 'Choose a start and an end date.' };
		if (from > to)
			return { ok: false, message: `The start date (${from}) is after the end date (${to}).` };
		if (daysBetween(from, to) + 1 > maxRangeDays)
			return {
				ok: false,
				message: `Choose a range of at most three years (this one has ${daysBetween(from, to) + 1} days).`
			};
		range = [from, to];
	} else {
		range = presetRange(preset, today);
	}
	return {
		ok: true,
		filters: {
			preset,
			from: range[0],
			to: range[1],
			team: team ?? null,
			agent: agent ?? null,
			priority: priority ?? null,
			type: type ?? null
		}
	};
}

/** The URL query for `filters` (a preset stays a preset, so a bookmark keeps meaning "last 30 days"). */
export function filterQuery(filters: ReportFilters): URLSearchParams {
	const query = new URLSearchParams();
	if (filters.preset === 'custom') {
		query.set('from', filters.from);
		query.set('to', filters.to);
	} else {
		query.set('preset', filters.preset);
	}
	if (filters.team) query.set('team', filters.team);
	if (filters.agent) query.set('agent', filters.agent);
	if (filters.priority) query.set('priority', filters.priority);
	if (filters.type) query.set('type', filters.type);
	return query;
}

/** The team, agent, priority and type arguments of the report functions. */
export const scopeArgs = (filters: ReportFilters) => ({
	team_id: filters.team ?? undefined,
	agent_id: filters.agent ?? undefined,
	priority: filters.priority ?? undefined,
	type_id: filters.type ?? undefined
});

/** public.report's arguments. */
export const reportArgs = (filters: ReportFilters) => ({
	from_day: filters.from,
	to_day: filters.to,
	...scopeArgs(filters)
});
