// The portals' writes, under the caller's JWT: RLS and the database's triggers decide what is allowed,
// and a refusal comes back as a message for people (the SQL details stay in the server log).
import type { PostgrestError } from '@supabase/supabase-js';
import type { AppSupabaseClient, Enums, TablesUpdate } from '$lib/supabase';

export interface WriteError {
	status: number;
	message: string;
}

function writeError(error: Pick<PostgrestError, 'code' | 'message'>, what: string): WriteError {
	console.error(`${what} failed:`, error.code, error.message);
	// The database's own refusals (raise … using errcode 'P0001'/'P0002') are written for people.
	if (error.code === 'P0001') return { status: 400, message: error.message };
	if (error.code === 'P0002') return { status: 404, message: error.message };
	if (error.code === '42501' || error.code === 'PGRST301') {
		return { status: 403, message: `You may not ${what} here.` };
	}
	if (error.code === '23514' || error.code === '22001' || error.code === '23502') {
		return { status: 400, message: `That cannot be saved: check what you entered.` };
	}
	if (error.code === 'PGRST116') return { status: 404, message: 'That ticket is gone.' };
	return { status: 503, message: `Could not ${what}. Try again in a moment.` };
}

export async function fileTicket(
	supabase: AppSupabaseClient,
	customerId: string,
	ticket: { subject: string; description: string; type_id?: string | null }
): Promise<{ id: number } | WriteError> {
	const { data, error } = await supabase
		.from('tickets')
		.insert({ ...ticket, customer_id: customerId })
		.select('id')
		.single();
	if (error) return writeError(error, 'file a ticket');
	return data;
}

export async function addMessage(
	supabase: AppSupabaseClient,
	message: { ticketId: number; authorId: string; body: string; internal: boolean }
): Promise<WriteError | undefined> {
	const { error } = await supabase.from('ticket_activities').insert({
		ticket_id: message.ticketId,
		author_id: message.authorId,
		kind: message.internal ? 'note' : 'reply',
		is_internal: message.internal,
		body: message.body
	});
	if (error) return writeError(error, message.internal ? 'add a note' : 'reply');
}

export async function updateTicket(
	supabase: AppSupabaseClient,
	id: number,
	changes: Pick<TablesUpdate<'tickets'>, 'status' | 'priority' | 'assignee_id'>
): Promise<WriteError | undefined> {
	const { data, error } = await supabase.from('tickets').update(changes).eq('id', id).select('id');
	if (error) return writeError(error, 'update this ticket');
	if (!data || data.length === 0) return { status: 404, message: 'That ticket is gone.' };
}

/** The customer's rating of a solved ticket (Good or Bad, with an optional comment). */
export async function rateTicket(
	supabase: AppSupabaseClient,
	id: number,
	rating: { rating: Enums<'satisfaction_rating'>; comment: string }
): Promise<WriteError | undefined> {
	const { error } = await supabase.rpc('rate_ticket', {
		ticket_id: id,
		rating: rating.rating,
		comment: rating.comment
	});
	if (error) return writeError(error, 'rate this ticket');
}

/** A new ticket following up on a finished one; returns the new ticket's id. */
export async function openFollowUp(
	supabase: AppSupabaseClient,
	originalId: number,
	followUp: { subject: string; description: string }
): Promise<{ id: number } | WriteError> {
	const { data, error } = await supabase.rpc('open_follow_up', {
		original_id: originalId,
		subject: followUp.subject,
		description: followUp.description
	});
	if (error) return writeError(error, 'open a follow-up');
	return { id: data };
}
