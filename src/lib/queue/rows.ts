// A queue row as the database's list_tickets returns it, without the keyset cursor (which only the
// last row's is kept of, to fetch the next page), and how rows compare in a view's order, so a row
// that arrives live goes where a reload would put it.
import type { Database, Json } from '$lib/supabase';
import { ticketPriorities, ticketStatuses } from '$lib/tickets';
import type { SortKey } from './columns';

type Returned = Database['public']['Functions']['list_tickets']['Returns'][number];

/**
 * Generated types cannot know which columns of a `returns table` function may be null; these can
 * (no assignee, no team, and everything search-related outside a search).
 */
export type QueueRow = Omit<
	Returned,
	| 'cursor'
	| 'assignee_id'
	| 'assignee_name'
	| 'team_id'
	| 'team_name'
	| 'sla_due_at'
	| 'sla_warn_at'
	| 'sla_paused_at'
	| 'rank'
	| 'headline'
	| 'snippet'
	| 'snippet_kind'
> & {
	assignee_id: string | null;
	assignee_name: string | null;
	team_id: string | null;
	team_name: string | null;
	sla_due_at: string | null;
	sla_warn_at: string | null;
	sla_paused_at: string | null;
	rank: number | null;
	headline: string | null;
	snippet: string | null;
	snippet_kind: 'description' | 'reply' | 'note' | null;
};

/** Rows per page of the queue. */
export const queuePageSize = 50;

/** A page of rows and where the next one starts (null when this is the last page). */
export interface QueuePage {
	rows: QueueRow[];
	next: Json | null;
}

const snippetKinds = ['description', 'reply', 'note'] as const;

/** Splits what list_tickets returns into rows and the cursor of the page that follows. */
export function toPage(returned: Returned[], pageSize: number): QueuePage {
	const rows = returned
		.slice(0, pageSize)
		.map(({ cursor: _cursor, snippet_kind, ...row }): QueueRow => ({
			...row,
			snippet_kind: snippetKinds.find((kind) => kind === snippet_kind) ?? null
		}));
	return {
		rows,
		next: returned.length > pageSize ? (returned[pageSize - 1]?.cursor ?? null) : null
	};
}

type Key = string | number;

/** The values a row is ordered by in a view sorted by `sort`, as the database orders them. */
function sortValues(row: QueueRow, sort: SortKey): Key[] {
	switch (sort) {
		case 'updated':
			return [Date.parse(row.updated_at), row.id];
		case 'created':
			return [Date.parse(row.created_at), row.id];
		case 'id':
			return [row.id];
		case 'subject':
			return [row.subject, row.id];
		case 'status':
			return [ticketStatuses.indexOf(row.status), Date.parse(row.updated_at), row.id];
		case 'priority':
			return [ticketPriorities.indexOf(row.priority), Date.parse(row.updated_at), row.id];
		case 'customer':
			return [row.customer_name.toLowerCase(), row.id];
		case 'assignee':
			return [(row.assignee_name ?? '').toLowerCase(), row.id];
		case 'team':
			return [(row.team_name ?? '').toLowerCase(), row.id];
		case 'sla':
			return [row.sla_due_at ? Date.parse(row.sla_due_at) : Infinity, row.id];
		case 'relevance':
			return [row.rank ?? 0, row.id];
	}
}

/** Negative when `a` comes before `b` in the view's order. */
export function compareRows(a: QueueRow, b: QueueRow, sort: SortKey, dir: 'asc' | 'desc'): number {
	const left = sortValues(a, sort);
	const right = sortValues(b, sort);
	for (let i = 0; i < left.length; i++) {
		if (left[i] === right[i]) continue;
		const order = left[i] < right[i] ? -1 : 1;
		return dir === 'asc' ? order : -order;
	}
	return 0;
}
