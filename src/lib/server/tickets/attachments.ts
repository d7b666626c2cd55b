// A ticket's files, with short-lived download links signed under the reader's own JWT: Storage's
// policies decide, so a customer never gets a link to a file on an internal note.
import type { AppSupabaseClient } from '$lib/supabase';
import { attachmentsBucket } from '$lib/attachments';

/** The files of a ticket the caller may see, oldest first. */
export const attachmentsQuery = (supabase: AppSupabaseClient, ticketId: number) =>
	supabase
		.from('attachments')
		.select('id, activity_id, file_name, content_type, size_bytes, object_path, created_at')
		.eq('ticket_id', ticketId)
		.order('created_at')
		.order('id');

/** How long a download link works: long enough to click, short enough not to be shared. */
const linkSeconds = 10 * 60;

export async function listAttachments(supabase: AppSupabaseClient, ticketId: number) {
	const { data, error } = await attachmentsQuery(supabase, ticketId);
	if (error || !data) {
		console.error('loading attachments failed:', error?.message);
		return [];
	}
	if (data.length === 0) return [];
	const signed = await supabase.storage.from(attachmentsBucket).createSignedUrls(
		data.map((file) => file.object_path),
		linkSeconds,
		{ download: true }
	);
	const links = new Map(
		(signed.data ?? []).flatMap((link) =>
			link.path && link.signedUrl ? [[link.path, link.signedUrl]] : []
		)
	);
	return data.map((file) => ({ ...file, url: links.get(file.object_path) ?? null }));
}

export type TicketAttachment = Awaited<ReturnType<typeof listAttachments>>[number];
