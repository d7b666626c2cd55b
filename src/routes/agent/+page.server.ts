import { guardPortal } from '$lib/server/guard-portal';
import { loadQueue, queueActions } from '$lib/server/queue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies, parent, isDataRequest }) => {
	// A full page load counts the sidebar's views in the layout, the shown one among them; a data
	// request does not (the browser counts), and asking for the layout's data would run it again.
	const sidebarCounts = isDataRequest ? null : parent().then(({ views }) => views.counts);
	sidebarCounts?.catch(() => {});
	// The layout's guard runs alongside this load: a refused visitor must not reach the queue's
	// functions either.
	await guardPortal('agent', locals, url);
	return {
		...(await loadQueue(locals.supabase, url, sidebarCounts)),
		density:
			cookies.get('queue_density') === 'compact' ? ('compact' as const) : ('comfortable' as const)
	};
};

export const actions: Actions = queueActions;
