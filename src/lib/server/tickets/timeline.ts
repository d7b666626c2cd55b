// The agent's timeline, a page at a time (keyset on created_at, id; see $lib/tickets/timeline):
// replies, notes and history rows with their authors, message text rendered from Markdown, and the
// files of those messages only, with short-lived links. Each item carries what the page shows and
// nothing twice: a message its HTML (not its Markdown), a history row its meta and text.
import type { QueryData } from '@supabase/supabase-js';
import { error } from '@sveltejs/kit';
import { renderMarkdown } from '$lib/server/markdown';
import type { AppSupabaseClient, Json } from '$lib/supabase';
import { timelineCatchUpLimit, timelinePageSize, type TimelineKey } from '$lib/tickets/timeline';

/** Which slice of the timeline: the newest page, the page before an item, or all after one. */
export type TimelineWindow = { before?: TimelineKey; after?: TimelineKey };

/** How long a link to a file works: long enough to click, short enough not to be shared. */
const signedUrlSeconds = 600;

const keysetValue = (at: string) => `"${at}"`;

export function timelineQuery(
	supabase: AppSupabaseClient,
	ticketId: number,
	window: TimelineWindow
) {
	const { before, after } = window;
	const query = supabase
		.from('ticket_activities')
		// The count (of every row before `before`, or of all) says how many are left to load.
		.select('id, kind, body, meta, created_at, author:profiles(id, full_name, role, avatar_path)', {
			count: after ? undefined : 'exact'
		})
		.eq('ticket_id', ticketId);
	if (after) {
		const at = keysetValue(after.created_at);
		return query
			.or(`created_at.gt.${at},and(created_at.eq.${at},id.gt.${after.id})`)
			.order('created_at')
			.order('id')
			.limit(timelineCatchUpLimit);
	}
	const older = before
		? query.or(
				`created_at.lt.${keysetValue(before.created_at)},and(created_at.eq.${keysetValue(before.created_at)},id.lt.${before.id})`
			)
		: query;
	return older
		.order('created_at', { ascending: false })
		.order('id', { ascending: false })
		.limit(timelinePageSize);
}

/** The files of some messages. */
export const timelineFilesQuery = (
	supabase: AppSupabaseClient,
	ticketId: number,
	activityIds: number[]
) =>
	supabase
		.from('attachments')
		.select('id, activity_id, file_name, content_type, size_bytes, object_path')
		.eq('ticket_id', ticketId)
		.eq('draft', false)
		.in('activity_id', activityIds)
		.order('created_at');

export type ActivityRow = QueryData<ReturnType<typeof timelineQuery>>[number];
export type FileRow = QueryData<ReturnType<typeof timelineFilesQuery>>[number];

/** A file as the page shows it: its name and size, where to see it (images) and to download it. */
export interface TimelineFile {
	id: string;
	file_name: string;
	size_bytes: number;
	viewUrl: string | null;
	downloadUrl: string | null;
}

export interface TimelineItem extends TimelineKey {
	kind: ActivityRow['kind'];
	author: ActivityRow['author'];
	/** A message's text as sanitised HTML; null on history rows. */
	html: string | null;
	/** A history row's text (the sentence of some system rows); null on messages. */
	body: string | null;
	/** A history row's change; null on messages. */
	meta: Json;
	files: TimelineFile[];
}

export interface TimelinePage {
	/** Oldest first. */
	items: TimelineItem[];
	/** How many items come before the first of `items` (null when not counted). */
	earlier: number | null;
}

function unwrap<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
	if (result.error || result.data === null) {
		console.error(`loading ${what} failed:`, result.error?.message);
		error(503, `Could not load ${what}. Try again in a moment.`);
	}
	return result.data;
}

/**
 * Files with their links: every file a download link, images a view link as well. One signing
 * request for all of them: a download link is the file's link with Storage's `download` parameter
 * (what supabase-js appends for `{ download: true }`), so both come from one signature.
 */
async function signFiles(supabase: AppSupabaseClient, rows: FileRow[]) {
	if (rows.length === 0) return [];
	const signed = await supabase.storage.from('attachments').createSignedUrls(
		rows.map((row) => row.object_path),
		signedUrlSeconds
	);
	const links = new Map((signed.data ?? []).map((entry) => [entry.path, entry.signedUrl]));
	return rows.map((row) => {
		const link = links.get(row.object_path) ?? null;
		return {
			activityId: row.activity_id,
			file: {
				id: row.id,
				file_name: row.file_name,
				size_bytes: row.size_bytes,
				viewUrl: link && row.content_type.startsWith('image/') ? link : null,
				downloadUrl: link && `${link}&download=`
			} satisfies TimelineFile
		};
	});
}

const isMessage = (kind: string) => kind === 'reply' || kind === 'note';

/**
 * Timeline items from activity rows (oldest first) and the files of their messages (and of the
 * description, `activity_id` null, when `withDescription`), with the files' links.
 */
export async function shapeTimeline(
	supabase: AppSupabaseClient,
	rows: ActivityRow[],
	fileRows: FileRow[],
	{ withDescription = false } = {}
): Promise<{ items: TimelineItem[]; descriptionFiles: TimelineFile[] }> {
	const files = await signFiles(supabase, fileRows);
	const filesOf = (activityId: number | null) =>
		files.filter((entry) => entry.activityId === activityId).map((entry) => entry.file);
	return {
		items: rows.map((row) => {
			const message = isMessage(row.kind);
			return {
				id: row.id,
				created_at: row.created_at,
				kind: row.kind,
				author: row.author,
				html: message ? renderMarkdown(row.body ?? '') : null,
				body: message ? null : row.body,
				meta: message ? null : row.meta,
				files: message ? filesOf(row.id) : []
			};
		}),
		descriptionFiles: withDescription ? filesOf(null) : []
	};
}

/** One slice of a ticket's timeline, oldest first, with how many items precede it. */
export async function loadTimeline(
	supabase: AppSupabaseClient,
	ticketId: number,
	window: TimelineWindow
): Promise<TimelinePage> {
	const result = await timelineQuery(supabase, ticketId, window);
	const rows = unwrap(result, 'the conversation');
	const ordered = window.after ? rows : rows.reverse();
	const messageIds = ordered.filter((row) => isMessage(row.kind)).map((row) => row.id);
	const fileRows = messageIds.length
		? unwrap(await timelineFilesQuery(supabase, ticketId, messageIds), 'the files')
		: [];
	const { items } = await shapeTimeline(supabase, ordered, fileRows);
	return {
		items,
		earlier: result.count === null ? null : Math.max(0, result.count - rows.length)
	};
}
