import { loadOwnAvailability } from '$lib/server/agents/availability';
import { guardPortal } from '$lib/server/guard-portal';
import { loadViewNav } from '$lib/server/queue';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, isDataRequest }) => {
	// A browser that already shows the workspace keeps its counts live itself; only a full page
	// load counts on the server.
	const read = (agentId: string) =>
		Promise.all([
			loadViewNav(locals.supabase, agentId, { counts: !isDataRequest }),
			loadOwnAvailability(locals.supabase, agentId)
		]);
	// Staff's reads start alongside the guard, not after it: the sidebar's counts are the slowest
	// read of a page load, so every round trip before them delays the page. The database checks
	// these reads itself (staff only, two-factor sign-in where required), and nothing read is
	// returned unless the guard lets the request through.
	const staff = locals.role === 'agent' || locals.role === 'admin';
	const early = staff && locals.claims ? read(locals.claims.sub) : null;
	early?.catch(() => {});
	const guarded = await guardPortal('agent', locals, url);
	const [views, availability] = await (early ?? read(guarded.viewer.id));
	return { ...guarded, views, availability };
};
