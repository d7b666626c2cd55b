import { loadOwnAvailability } from '$lib/server/agents/availability';
import { guardPortal } from '$lib/server/guard-portal';
import { loadViewNav } from '$lib/server/queue';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, isDataRequest }) => {
	const guarded = await guardPortal('agent', locals, url);
	// A browser that already shows the workspace keeps its counts live itself; only a full page
	// load counts on the server.
	const [views, availability] = await Promise.all([
		loadViewNav(locals.supabase, guarded.viewer.id, { counts: !isDataRequest }),
		loadOwnAvailability(locals.supabase, guarded.viewer.id)
	]);
	return { ...guarded, views, availability };
};
