// The agent workspace's reads, under the caller's JWT: one page of a view (list_tickets), the counts
// of several views at once (count_tickets), a saved view by id (RLS: own and shared), teams, and the people
// a filter names. Each is a query builder (tested in queries.spec.ts for exactly what it asks) and a
// loader that turns a failure into an error for people.
import type { PostgrestError, QueryData } from '@supabase/supabase-js';
import { error } from '@sveltejs/kit';
import { ticketQuerySchema, toPage, type QueuePage, type TicketQuery } from '$lib/queue';
import type { AppSupabaseClient, Json } from '$lib/supabase';

/** One page of a view, and one row more, which tells whether another page follows. */
export const queuePageQuery = (
	supabase: AppSupabaseClient,
	query: TicketQuery,
	after: Json | null,
	pageSize: number
) => supabase.rpc('list_tickets', { query, after, page_size: pageSize + 1 });

export const viewCountsQuery = (
	supabase: AppSupabaseClient,
	queries: Record<string, TicketQuery>
) => supabase.rpc('count_tickets', { queries });

export const savedViewQuery = (supabase: AppSupabaseClient, id: string) =>
	supabase
		.from('views')
		.select('id, name, shared, owner_id, query, columns')
		.eq('id', id)
		.maybeSingle();

export const teamsQuery = (supabase: AppSupabaseClient) =>
	supabase.from('teams').select('id, name').order('name');

/** Customers a filter names, to show them by name. */
export const peopleQuery = (supabase: AppSupabaseClient, ids: string[]) =>
	supabase.from('profiles').select('id, full_name, email').in('id', ids).order('full_name');

type StoredView = NonNullable<QueryData<ReturnType<typeof savedViewQuery>>>;
export type Team = QueryData<ReturnType<typeof teamsQuery>>[number];
export type PersonName = QueryData<ReturnType<typeof peopleQuery>>[number];

/** A saved view with its query typed (the database validated it when it was saved). */
export function savedView({ query, ...view }: StoredView) {
	const parsed = ticketQuerySchema.safeParse(query);
	return { ...view, query: parsed.success ? parsed.data : {} };
}
export type SavedView = ReturnType<typeof savedView>;

/** A count as the sidebar shows it: exact below 10,000, estimated above. */
export interface ViewCount {
	count: number;
	exact: boolean;
}

/** What the queue functions refuse with a message for people (SQLSTATE 22023). */
export const isQueryProblem = (failure: Pick<PostgrestError, 'code'>) => failure.code === '22023';

function unavailable(
	what: string,
	failure: Pick<PostgrestError, 'code' | 'message'> | null
): never {
	console.error(`loading ${what} failed:`, failure?.code, failure?.message);
	if (failure?.code === '42501') error(403, 'Only agents and admins may use the ticket queue.');
	error(503, `Could not load ${what}. Try again in a moment.`);
}

/** One page of a view, or the database's message when the query cannot run. */
export async function loadQueuePage(
	supabase: AppSupabaseClient,
	query: TicketQuery,
	after: Json | null,
	pageSize: number
): Promise<QueuePage | { problem: string }> {
	const { data, error: failed } = await queuePageQuery(supabase, query, after, pageSize);
	if (failed && isQueryProblem(failed)) return { problem: failed.message };
	if (failed || !data) unavailable('the queue', failed);
	return toPage(data, pageSize);
}

export async function loadViewCounts(
	supabase: AppSupabaseClient,
	queries: Record<string, TicketQuery>
): Promise<Record<string, ViewCount>> {
	if (Object.keys(queries).length === 0) return {};
	const { data, error: failed } = await viewCountsQuery(supabase, queries);
	if (failed || !data) unavailable('the counts', failed);
	return Object.fromEntries(data.map((row) => [row.key, { count: row.count, exact: row.exact }]));
}

/** A saved view by id, or null when there is none the caller may see. */
export async function loadSavedView(
	supabase: AppSupabaseClient,
	id: string
): Promise<SavedView | null> {
	const { data, error: failed } = await savedViewQuery(supabase, id);
	if (failed) unavailable('the view', failed);
	return data ? savedView(data) : null;
}

export async function loadTeams(supabase: AppSupabaseClient): Promise<Team[]> {
	const { data, error: failed } = await teamsQuery(supabase);
	if (failed || !data) unavailable('the teams', failed);
	return data;
}

export async function loadPeople(
	supabase: AppSupabaseClient,
	ids: string[]
): Promise<PersonName[]> {
	if (ids.length === 0) return [];
	const { data, error: failed } = await peopleQuery(supabase, ids);
	if (failed || !data) unavailable('the customers', failed);
	return data;
}
