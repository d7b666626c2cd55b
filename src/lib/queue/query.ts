// A ticket query: the filters, search and sort of a queue view, in the JSON shape the database's
// queue functions take (see supabase/migrations/*_ticket_query.sql), which validate it again.
import { z } from 'zod';
import {
	ticketPriorities,
	ticketStatuses,
	type TicketPriority,
	type TicketStatus
} from '$lib/tickets';
import { sortKeys, type SortKey } from './columns';

export const slaFilters = ['breached', 'soon'] as const;
export type SlaFilter = (typeof slaFilters)[number];

export type DateRange = { days: number } | { from?: string; to?: string };

export type TicketQuery = {
	status?: TicketStatus[];
	priority?: TicketPriority[];
	/** "me", "none" (unassigned) or agents' ids. */
	assignee?: string[];
	/** "none" (no team) or teams' ids. */
	team?: string[];
	tags?: string[];
	tags_mode?: 'any' | 'all';
	customer?: string[];
	created?: DateRange;
	updated?: DateRange;
	search?: string;
	/** Tickets past an SLA target ("breached") or in the last quarter of one ("soon"). */
	sla?: SlaFilter;
	sort?: SortKey;
	dir?: 'asc' | 'desc';
};

/** The filters a view sets and the filter bar changes (sort and search have their own controls). */
export const filterKeys = [
	'status',
	'priority',
	'assignee',
	'team',
	'tags',
	'customer',
	'created',
	'updated'
] as const;
export type FilterKey = (typeof filterKeys)[number];

/** Changes to a view's query: a value replaces the view's, null clears it. */
export type QueryOverrides = {
	[K in keyof TicketQuery]?: TicketQuery[K] | null;
};

const queryKeys = [
	...filterKeys,
	'tags_mode',
	'sla',
	'search',
	'sort',
	'dir'
] as const satisfies (keyof TicketQuery)[];

/** A view's query with the URL's changes applied. */
export function applyOverrides(base: TicketQuery, overrides: QueryOverrides): TicketQuery {
	const query: TicketQuery = { ...base };
	const apply = <K extends keyof TicketQuery>(key: K) => {
		const value = overrides[key];
		if (value === null) delete query[key];
		else if (value !== undefined) query[key] = value;
	};
	for (const key of queryKeys) apply(key);
	return query;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const dateRange = z.union([
	z.object({ days: z.number().int().min(1).max(3650) }).strict(),
	z.object({ from: day.optional(), to: day.optional() }).strict()
]);

/** A query as stored (saved views): the database checked it on the way in; this types it. */
export const ticketQuerySchema = z
	.object({
		status: z.array(z.enum(ticketStatuses)).optional(),
		priority: z.array(z.enum(ticketPriorities)).optional(),
		assignee: z.array(z.string()).optional(),
		team: z.array(z.string()).optional(),
		tags: z.array(z.string()).optional(),
		tags_mode: z.enum(['any', 'all']).optional(),
		customer: z.array(z.string()).optional(),
		created: dateRange.optional(),
		updated: dateRange.optional(),
		search: z.string().optional(),
		sla: z.enum(slaFilters).optional(),
		sort: z.enum(sortKeys).optional(),
		dir: z.enum(['asc', 'desc']).optional()
	})
	.strict() satisfies z.ZodType<TicketQuery>;
