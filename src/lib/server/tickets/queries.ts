// The portals' reads, under the caller's JWT so RLS decides what comes back. Each read is a query
// builder (what is asked for, tested in queries.spec.ts) and a loader (what a page gets, or the
// error it shows); the row types come from the builders, so they follow the select lists and the
// generated `Database` types.
import type { QueryData } from '@supabase/supabase-js';
import { error } from '@sveltejs/kit';
import type { AppSupabaseClient } from '$lib/supabase';
import type { TicketStatus } from '$lib/tickets';
import { escapeLike, ticketNumber } from '$lib/tickets/search';

const summaryColumns =
	'id, subject, status, priority, created_at, updated_at, customer:profiles!tickets_customer_id_fkey(full_name, email), assignee:profiles!tickets_assignee_id_fkey(id, full_name)';

const detailColumns =
	`${summaryColumns}, description, customer_id, assignee_id, solved_at, satisfaction_rating, satisfaction_comment, type:ticket_types(name)` as const;

const staffRoles = ['agent', 'admin'] as const;

export interface OwnTicketsFilter {
	/** Only these statuses (all when absent). */
	statuses?: readonly TicketStatus[];
	/** Text in the subject, or a ticket number ("42", "#42"). */
	search?: string;
}

/** A customer's own tickets, the most recently active first. */
export function ownTicketsQuery(
	supabase: AppSupabaseClient,
	customerId: string,
	{ statuses, search }: OwnTicketsFilter = {}
) {
	let query = supabase.from('tickets').select(summaryColumns).eq('customer_id', customerId);
	if (statuses) query = query.in('status', statuses);
	const text = search?.trim();
	const number = text ? ticketNumber(text) : undefined;
	if (number !== undefined) query = query.eq('id', number);
	else if (text) query = query.ilike('subject', `%${escapeLike(text)}%`);
	return query.order('updated_at', { ascending: false }).limit(100);
}

/** The tickets linked to one: what it follows up on, and its follow-ups. */
export const linksQuery = (supabase: AppSupabaseClient, ticketId: number) =>
	supabase
		.from('ticket_links')
		.select('kind, source_ticket_id, target_ticket_id')
		.or(`source_ticket_id.eq.${ticketId},target_ticket_id.eq.${ticketId}`)
		.order('created_at');

/** The ticket types a customer chooses from when filing. */
export const ticketTypesQuery = (supabase: AppSupabaseClient) =>
	supabase.from('ticket_types').select('id, name, description').order('position').order('name');

export const ticketQuery = (supabase: AppSupabaseClient, id: number) =>
	supabase.from('tickets').select(detailColumns).eq('id', id).maybeSingle();

/**
 * A ticket's history, oldest first. RLS already hides internal notes from customers; the client
 * portal asks for public rows only as well, so an admin viewing it sees what a customer sees.
 */
export function activitiesQuery(
	supabase: AppSupabaseClient,
	ticketId: number,
	{ publicOnly }: { publicOnly: boolean }
) {
	const query = supabase
		.from('ticket_activities')
		.select(
			'id, kind, body, is_internal, meta, created_at, author:profiles(id, full_name, role, avatar_path)'
		)
		.eq('ticket_id', ticketId);
	return (publicOnly ? query.eq('is_internal', false) : query).order('created_at').order('id');
}

/** Agents and admins, who can be assigned tickets. */
export const staffQuery = (supabase: AppSupabaseClient) =>
	supabase
		.from('profiles')
		.select('id, full_name, email, role')
		.in('role', staffRoles)
		.order('full_name');

/** How many tickets have a status; a count only, no rows. */
export const statusCountQuery = (supabase: AppSupabaseClient, status: TicketStatus) =>
	supabase.from('tickets').select('id', { count: 'exact', head: true }).eq('status', status);

export type TicketSummary = QueryData<ReturnType<typeof ownTicketsQuery>>[number];
export type TicketDetail = QueryData<ReturnType<typeof ticketQuery>>;
export type Activity = QueryData<ReturnType<typeof activitiesQuery>>[number];
export type Person = QueryData<ReturnType<typeof staffQuery>>[number];

/** Fails the load with a message for people; the details go to the server log only. */
function unwrap<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
	if (result.error || result.data === null) {
		console.error(`loading ${what} failed:`, result.error?.message);
		error(503, `Could not load ${what}. Try again in a moment.`);
	}
	return result.data;
}

export const listOwnTickets = async (
	supabase: AppSupabaseClient,
	customerId: string,
	filter: OwnTicketsFilter = {}
) => unwrap(await ownTicketsQuery(supabase, customerId, filter), 'your tickets');

export const listLinks = async (supabase: AppSupabaseClient, ticketId: number) =>
	unwrap(await linksQuery(supabase, ticketId), 'the linked tickets');

export const listTicketTypes = async (supabase: AppSupabaseClient) =>
	unwrap(await ticketTypesQuery(supabase), 'the ticket types');

export async function getTicket(supabase: AppSupabaseClient, id: number) {
	const result = await ticketQuery(supabase, id);
	if (result.error) unwrap(result, 'the ticket');
	return result.data ?? error(404, 'There is no such ticket, or it is not yours to see.');
}

export const listActivities = async (
	supabase: AppSupabaseClient,
	ticketId: number,
	options: { publicOnly: boolean }
) => unwrap(await activitiesQuery(supabase, ticketId, options), 'the conversation');

export const listStaff = async (supabase: AppSupabaseClient) =>
	unwrap(await staffQuery(supabase), 'the team');

export async function countByStatus(
	supabase: AppSupabaseClient
): Promise<Record<TicketStatus, number>> {
	const count = async (status: TicketStatus) => {
		const { count, error: failed } = await statusCountQuery(supabase, status);
		return unwrap({ data: failed ? null : count, error: failed }, 'the counts');
	};
	// Named one by one, so a status added to the enum fails to compile here until it is counted.
	const [open, pending, on_hold, solved, closed] = await Promise.all([
		count('open'),
		count('pending'),
		count('on_hold'),
		count('solved'),
		count('closed')
	]);
	return { open, pending, on_hold, solved, closed };
}
