import { loadWorkspace } from '$lib/server/agents/workspace';
import { guardPortal } from '$lib/server/guard-portal';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, isDataRequest }) => {
	// A browser that already shows the workspace keeps its counts live itself; only a full page
	// load counts on the server.
	const read = () => loadWorkspace(locals.supabase, { counts: !isDataRequest });
	// Staff's read starts alongside the guard, not after it: the sidebar's counts are the slowest
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
