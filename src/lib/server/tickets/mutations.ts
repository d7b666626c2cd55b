// The portals' writes, under the caller's JWT: RLS and the database's triggers decide what is allowed,
// and a refusal comes back as a message for people (the SQL details stay in the server log).
import type { PostgrestError } from '@supabase/supabase-js';
import type { AppSupabaseClient, TablesUpdate } from '$lib/supabase';

export interface WriteError {
	status: number;
	message: string;
}

function writeError(error: Pick<PostgrestError, 'code' | 'message'>, what: string): WriteError {
	console.error(`${what} failed:`, error.code, error.message);
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
	ticket: { subject: string; description: string }
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
