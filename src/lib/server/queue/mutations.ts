// The agent workspace's writes, under the caller's JWT: saving and deleting views (RLS: own views,
// admins for shared ones) and bulk actions (bulk_update_tickets: RLS per row, history by the
// triggers). A refusal comes back as a message for people; the SQL details stay in the server log.
import type { PostgrestError } from '@supabase/supabase-js';
import {
	bulkResult,
	changesOf,
	type BulkChange,
	type BulkResult,
	type ColumnKey,
	type TicketQuery
} from '$lib/queue';
import type { AppSupabaseClient } from '$lib/supabase';
import type { WriteError } from '$lib/server/tickets';

function refusal(failure: Pick<PostgrestError, 'code' | 'message'>, what: string): WriteError {
	console.error(`${what} failed:`, failure.code, failure.message);
	// The queue functions word their refusals for people.
	if (failure.code === '22023') return { status: 400, message: failure.message };
	if (failure.code === '42501') return { status: 403, message: `You may not ${what}.` };
	if (failure.code === '23514') {
		return { status: 400, message: 'A view needs a name of at most 60 characters.' };
	}
	return { status: 503, message: `Could not ${what}. Try again in a moment.` };
}

export interface ViewInput {
	name: string;
	shared: boolean;
	query: TicketQuery;
	columns: ColumnKey[];
}

/** Saves a new view, or replaces the one with `id`; returns its id. */
export async function saveView(
	supabase: AppSupabaseClient,
	view: ViewInput,
	id?: string
): Promise<{ id: string } | WriteError> {
	const what = view.shared ? 'share views' : 'save this view';
	const { data, error } = id
		? await supabase.from('views').update(view).eq('id', id).select('id').maybeSingle()
		: await supabase.from('views').insert(view).select('id').maybeSingle();
	if (error?.code === '23505') {
		return { status: 409, message: `There is already a view called “${view.name}”.` };
	}
	if (error) return refusal(error, what);
	if (!data) return { status: 404, message: 'That view is gone, or it is not yours to change.' };
	return data;
}

export async function deleteView(
	supabase: AppSupabaseClient,
	id: string
): Promise<WriteError | undefined> {
	const { data, error } = await supabase.from('views').delete().eq('id', id).select('id');
	if (error) return refusal(error, 'delete this view');
	if (!data || data.length === 0) {
		return { status: 404, message: 'That view is gone, or it is not yours to delete.' };
	}
}

/** Runs one bulk action on picked tickets or on every ticket of a view. */
export async function bulkUpdate(
	supabase: AppSupabaseClient,
	change: BulkChange,
	targets: { ids: number[] } | { query: TicketQuery }
): Promise<BulkResult | WriteError> {
	const { data, error } = await supabase.rpc('bulk_update_tickets', {
		changes: changesOf(change),
		...('ids' in targets ? { ids: targets.ids } : { query: targets.query })
	});
	if (error) return refusal(error, 'change these tickets');
	const result = bulkResult.safeParse(data);
	if (!result.success) {
		console.error('bulk_update_tickets answered in an unexpected shape:', data);
		return { status: 503, message: 'Could not change these tickets. Try again in a moment.' };
	}
	return result.data;
}
