// Finding tickets from the browser (the command palette), under the person's own JWT: RLS decides
// which tickets they may find. A number ("42", "#42") finds that ticket; any text finds subjects.
import type { AppSupabaseClient } from '$lib/supabase';
import type { TicketStatus } from './status';

export interface TicketHit {
	id: number;
	subject: string;
	status: TicketStatus;
}

/** At most this many subject matches, the most recently active first. */
export const searchLimit = 8;

/** LIKE treats %, _ and \ specially; a search for "100%" means the text "100%". */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** The ticket number a search names, if it is one ("42" or "#42"). */
export function ticketNumber(text: string): number | undefined {
	const digits = /^#?([1-9][0-9]{0,14})$/.exec(text.trim())?.[1];
	return digits ? Number(digits) : undefined;
}

export async function findTickets(
	supabase: AppSupabaseClient,
	text: string,
	signal?: AbortSignal
): Promise<TicketHit[]> {
	const query = text.trim();
	if (!query) return [];
	const number = ticketNumber(query);
	const columns = 'id, subject, status';

	let bySubject = supabase
		.from('tickets')
		.select(columns)
		.ilike('subject', `%${escapeLike(query)}%`)
		.order('updated_at', { ascending: false })
		.limit(searchLimit);
	let byNumber =
		number === undefined ? null : supabase.from('tickets').select(columns).eq('id', number);
	if (signal) {
		bySubject = bySubject.abortSignal(signal);
		byNumber = byNumber?.abortSignal(signal) ?? null;
	}

	const [subjects, numbered] = await Promise.all([bySubject, byNumber]);
	if (subjects.error) throw new Error(subjects.error.message);
	if (numbered?.error) throw new Error(numbered.error.message);
	const hits = [...(numbered?.data ?? []), ...subjects.data];
	return hits.filter((hit, index) => hits.findIndex((other) => other.id === hit.id) === index);
}
