// The portals' reads, under the caller's JWT so RLS decides what comes back.
import { error } from '@sveltejs/kit';
import type { AppSupabaseClient } from '$lib/supabase';
import { ticketStatuses, unsolvedStatuses, type TicketStatus } from './status';
import type { Activity, Person, TicketDetail, TicketSummary } from './types';

const summaryColumns =
	'id, subject, status, priority, created_at, updated_at, customer:profiles!tickets_customer_id_fkey(full_name, email), assignee:profiles!tickets_assignee_id_fkey(id, full_name)';

/** Fails the load with a message for people; the details go to the server log only. */
function unwrap<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
	if (result.error || result.data === null) {
		console.error(`loading ${what} failed:`, result.error?.message);
		error(503, `Could not load ${what}. Try again in a moment.`);
	}
	return result.data;
}

export async function listOwnTickets(supabase: AppSupabaseClient, customerId: string) {
	const result = await supabase
		.from('tickets')
		.select(summaryColumns)
		.eq('customer_id', customerId)
		.order('updated_at', { ascending: false })
		.limit(100);
	return unwrap(result, 'your tickets') as unknown as TicketSummary[];
}

/** Tickets that still need someone, the most recently active first. */
export async function listQueue(supabase: AppSupabaseClient, limit = 50) {
	const result = await supabase
		.from('tickets')
		.select(summaryColumns)
		.in('status', unsolvedStatuses)
		.order('updated_at', { ascending: false })
		.limit(limit);
	return unwrap(result, 'the queue') as unknown as TicketSummary[];
}

export async function getTicket(supabase: AppSupabaseClient, id: number) {
	const result = await supabase
		.from('tickets')
		.select(`${summaryColumns}, description, customer_id, assignee_id, solved_at`)
		.eq('id', id)
		.maybeSingle();
	if (result.error) unwrap(result, 'the ticket');
	if (!result.data) error(404, 'There is no such ticket, or it is not yours to see.');
	return result.data as unknown as TicketDetail;
}

export async function listActivities(
	supabase: AppSupabaseClient,
	ticketId: number,
	{ publicOnly }: { publicOnly: boolean }
) {
	let query = supabase
		.from('ticket_activities')
		.select('id, kind, body, is_internal, meta, created_at, author:profiles(id, full_name, role)')
		.eq('ticket_id', ticketId);
	// RLS already hides internal notes from customers; the client portal asks for public rows only
	// as well, so an admin viewing it sees what a customer sees.
	if (publicOnly) query = query.eq('is_internal', false);
	const result = await query.order('created_at').order('id');
	return unwrap(result, 'the conversation') as unknown as Activity[];
}

/** Agents and admins, who can be assigned tickets. */
export async function listStaff(supabase: AppSupabaseClient) {
	const result = await supabase
		.from('profiles')
		.select('id, full_name, email, role')
		.in('role', ['agent', 'admin'])
		.order('full_name');
	return unwrap(result, 'the team') as Person[];
}

export async function countByStatus(supabase: AppSupabaseClient) {
	const counts = await Promise.all(
		ticketStatuses.map(async (status) => {
			const result = await supabase
				.from('tickets')
				.select('id', { count: 'exact', head: true })
				.eq('status', status);
			if (result.error || result.count === null) unwrap({ ...result, data: null }, 'the counts');
			return [status, result.count ?? 0] as const;
		})
	);
	return Object.fromEntries(counts) as Record<TicketStatus, number>;
}
