import { loadWorkspace } from '$lib/server/agents/workspace';
import { guardPortal } from '$lib/server/guard-portal';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, route, isDataRequest }) => {
	// Only the queue shows the views' counts, and a browser that already shows the workspace keeps
	// them live itself: a full load of the queue counts on the server, no other page does (on a
	// ticket page the counts were the costliest read of the render, and were never shown).
	const counts = !isDataRequest && route.id === '/agent';
	const read = () => loadWorkspace(locals.supabase, { counts });
	// Staff's read starts alongside the guard, not after it: the queue's counts are the slowest
	// read of a page load, so every round trip before them delays the page. The database checks
	// the read itself (staff only, two-factor sign-in where required), and nothing read is
	// returned unless the guard lets the request through.
	const staff = locals.role === 'agent' || locals.role === 'admin';
	const early = staff && locals.claims ? read() : null;
	early?.catch(() => {});
	const guarded = await guardPortal('agent', locals, url);
	const { views, availability } = await (early ?? read());
	return { ...guarded, views, availability };
};
