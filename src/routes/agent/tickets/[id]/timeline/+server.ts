// A slice of the ticket page's timeline as JSON, for `Show earlier` (`?before=<cursor>`) and for live
// changes (`?after=<cursor>`: what came after the newest item shown), read under the agent's JWT.
import { error, json } from '@sveltejs/kit';
import { guardPortal } from '$lib/server/guard-portal';
import { ticketIdFrom } from '$lib/server/tickets';
import { loadTimeline } from '$lib/server/tickets/timeline';
import { parseCursor } from '$lib/tickets/timeline';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const id = ticketIdFrom(params.id);
	const [before, after] = ['before', 'after'].map((name) => {
		const value = url.searchParams.get(name);
		const cursor = parseCursor(value);
		if (value !== null && !cursor) error(400, `\`${name}\` is not a timeline position.`);
		return cursor;
	});
	if (before && after) error(400, 'Ask for items before or after a position, not both.');
	// The portal's guard (role, two-factor) beside the read, not before it: a live reply waits for
	// neither, and nothing read goes out unless the guard passed.
	const [, { items, earlier }] = await Promise.all([
		guardPortal('agent', locals, url),
		loadTimeline(locals.supabase, id, { before, after })
	]);
	return json({ items, earlier }, { headers: { 'cache-control': 'private, no-store' } });
};
