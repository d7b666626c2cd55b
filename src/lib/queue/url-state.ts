// The queue's whole state lives in the URL, so the back button and a shared link restore it:
//   view=<view>                      a built-in view, team:<id>, or a saved view's id
//   status=open,pending  priority=…  assignee=me,none,<id>  team=none,<id>  customer=<id>,…
//   tags=a,b  tagmatch=all           created=7d | 2026-01-01..2026-01-31 | 2026-01-01.. | ..2026-01-31
//   q=<search>  sort=<column>  dir=asc|desc  cols=subject,status,…
// A filter parameter replaces the view's filter; `any` clears it. Each parameter is checked on its
// own: a bad one is left out and named in `problems`, the others still apply.
import { z } from 'zod';
import { priorityLabels, statusLabels, ticketPriorities, ticketStatuses } from '$lib/tickets';
import { columnKeys, columnLabels, sortKeys, type ColumnKey, type SortKey } from './columns';
import type { DateRange, QueryOverrides } from './query';
import { defaultViewId, isUuid } from './views';

export const maxSearchLength = 200;
const maxListLength = 50;

export interface QueueUrlState {
	view: string;
	overrides: QueryOverrides;
	/** The columns shown, when the URL sets them. */
	columns?: ColumnKey[];
	/** What was wrong with the URL, for people; those parameters are not applied. */
	problems: string[];
}

const quoted = (value: unknown) => `“${String(value).slice(0, 40)}”`;

const list = <T extends z.ZodType<unknown, string>>(item: T, name: string, max = maxListLength) =>
	z
		.string()
		.transform((value) =>
			value
				.split(',')
				.map((part) => part.trim())
				.filter(Boolean)
		)
		.pipe(
			z
				.array(item)
				.min(1, `The ${name} filter is empty.`)
				.max(max, `The ${name} filter takes at most ${max} values.`)
		);

const oneOf = <const T extends readonly [string, ...string[]]>(
	values: T,
	describe: (value: unknown) => string
) => z.enum(values, { error: (issue) => describe(issue.input) });

const statusParam = list(
	oneOf(
		ticketStatuses,
		(value) =>
			`There is no status ${quoted(value)}. Statuses are ${Object.values(statusLabels).join(', ')}.`
	),
	'status'
);
const priorityParam = list(
	oneOf(
		ticketPriorities,
		(value) =>
			`There is no priority ${quoted(value)}. Priorities are ${Object.values(priorityLabels).join(', ')}.`
	),
	'priority'
);
const idOr = (words: string[], name: string, what: string) =>
	list(
		z.string().refine((value) => words.includes(value) || isUuid(value), {
			error: (issue) => `The ${name} filter takes ${what}, not ${quoted(issue.input)}.`
		}),
		name
	);
const assigneeParam = idOr(['me', 'none'], 'assignee', '“me”, “none” or an agent');
const teamParam = idOr(['none'], 'team', '“none” or a team');
const customerParam = idOr([], 'customer', 'customers');
const tagsParam = list(
	z
		.string()
		.max(50, { error: (issue) => `The tag ${quoted(issue.input)} is longer than 50 characters.` }),
	'tags',
	20
);

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (value: string) => {
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** `7d`, `from..to`, `from..`, `..to`, or one day. */
export function parseDateRange(value: string): DateRange | string {
	const days = /^(\d{1,4})d$/.exec(value);
	if (days) {
		const count = Number(days[1]);
		return count >= 1 && count <= 3650 ? { days: count } : 'a number of days from 1d to 3650d';
	}
	const [from, to, ...rest] = value.includes('..') ? value.split('..') : [value, value];
	if (rest.length > 0 || (!from && !to)) return 'dates like 2026-01-01..2026-01-31';
	for (const day of [from, to]) {
		if (day && (!isoDay.test(day) || !realDay(day))) return `a real date, not ${quoted(day)}`;
	}
	if (from && to && from > to) return 'a range that starts before it ends';
	return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The URL form of a date range. */
export function formatDateRange(range: DateRange): string {
	if ('days' in range) return `${range.days}d`;
	return `${range.from ?? ''}..${range.to ?? ''}`;
}

const dateParam = (name: string) =>
	z.string().transform((value, context) => {
		const range = parseDateRange(value.trim());
		if (typeof range !== 'string') return range;
		context.addIssue({
			code: 'custom',
			message: `The ${name} filter needs ${range}, like 7d or 2026-01-01..2026-01-31.`
		});
		return z.NEVER;
	});

const searchParam = z
	.string()
	.transform((value) => value.trim().replace(/\s+/g, ' '))
	.pipe(
		z
			.string()
			.max(maxSearchLength, {
				error: (issue) =>
					`A search is at most ${maxSearchLength} characters; this one has ${String(issue.input).length.toLocaleString('en')}.`
			})
			.refine((value) => value === '' || /[\p{L}\p{N}]/u.test(value), {
				message: 'The search has no words to look for.'
			})
	);

const sortParam = oneOf(sortKeys, (value) => `Tickets cannot be sorted by ${quoted(value)}.`);
const dirParam = oneOf(['asc', 'desc'], () => 'The sort direction is asc or desc.');
const tagMatchParam = oneOf(['any', 'all'], () => 'Tags match “any” or “all”.');
const columnsParam = list(
	oneOf(
		columnKeys,
		(value) =>
			`There is no column ${quoted(value)}. Columns are ${Object.values(columnLabels).join(', ')}.`
	),
	'columns',
	columnKeys.length
);

/** Parses one parameter; a failure becomes a problem and leaves the parameter out. */
function read<T extends z.ZodType>(
	params: URLSearchParams,
	name: string,
	schema: T,
	problems: string[]
): z.output<T> | undefined {
	const value = params.get(name);
	if (value === null) return undefined;
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	problems.push(result.error.issues[0]?.message ?? `The ${name} parameter is not understood.`);
	return undefined;
}

/** A filter parameter: `any` clears the view's filter, anything else replaces it. */
function readFilter<T extends z.ZodType>(
	params: URLSearchParams,
	name: string,
	schema: T,
	problems: string[]
): z.output<T> | null | undefined {
	if (params.get(name)?.trim() === 'any') return null;
	return read(params, name, schema, problems);
}

const viewParam = z
	.string()
	.trim()
	.min(1, 'Name a view.')
	.max(100, { error: (issue) => `There is no view ${quoted(issue.input)}.` });

export function parseQueueUrl(params: URLSearchParams): QueueUrlState {
	const problems: string[] = [];
	const overrides: QueryOverrides = {};
	const set = <K extends keyof QueryOverrides>(key: K, value: QueryOverrides[K] | undefined) => {
		if (value !== undefined) overrides[key] = value;
	};
	set('status', readFilter(params, 'status', statusParam, problems));
	set('priority', readFilter(params, 'priority', priorityParam, problems));
	set('assignee', readFilter(params, 'assignee', assigneeParam, problems));
	set('team', readFilter(params, 'team', teamParam, problems));
	set('customer', readFilter(params, 'customer', customerParam, problems));
	set('tags', readFilter(params, 'tags', tagsParam, problems));
	set('tags_mode', read(params, 'tagmatch', tagMatchParam, problems));
	set('created', readFilter(params, 'created', dateParam('created'), problems));
	set('updated', readFilter(params, 'updated', dateParam('updated'), problems));
	const search = read(params, 'q', searchParam, problems);
	if (search) set('search', search);
	const sort: SortKey | undefined = read(params, 'sort', sortParam, problems);
	if (sort === 'relevance' && !search) {
		problems.push('Sorting by relevance needs a search.');
	} else {
		set('sort', sort);
	}
	set('dir', read(params, 'dir', dirParam, problems));
	return {
		view: read(params, 'view', viewParam, problems) ?? defaultViewId,
		overrides,
		columns: read(params, 'cols', columnsParam, problems),
		problems
	};
}

const encode = (value: string) =>
	encodeURIComponent(value).replace(/%2C/g, ',').replace(/%3A/g, ':');

/** The URL search (with its `?`, or empty) of a queue state: the inverse of parseQueueUrl. */
export function queueSearch(state: {
	view: string;
	overrides: QueryOverrides;
	columns?: ColumnKey[];
}): string {
	const params: [string, string][] = [];
	const add = (name: string, value: string) => params.push([name, value]);
	if (state.view !== defaultViewId) add('view', state.view);
	const { overrides } = state;
	const filter = (name: string, value: string[] | DateRange | null | undefined) => {
		if (value === undefined) return;
		if (value === null) add(name, 'any');
		else add(name, Array.isArray(value) ? value.join(',') : formatDateRange(value));
	};
	filter('status', overrides.status);
	filter('priority', overrides.priority);
	filter('assignee', overrides.assignee);
	filter('team', overrides.team);
	filter('customer', overrides.customer);
	filter('tags', overrides.tags);
	if (overrides.tags_mode) add('tagmatch', overrides.tags_mode);
	filter('created', overrides.created);
	filter('updated', overrides.updated);
	if (overrides.search) add('q', overrides.search);
	if (overrides.sort) add('sort', overrides.sort);
	if (overrides.dir) add('dir', overrides.dir);
	if (state.columns) add('cols', state.columns.join(','));
	return params.length === 0 ? '' : `?${params.map(([k, v]) => `${k}=${encode(v)}`).join('&')}`;
}
