import { guardPortal } from '$lib/server/guard-portal';
import { loadQueue, queueActions } from '$lib/server/queue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	// The layout's guard runs alongside this load: a refused visitor must not reach the queue's
	// functions either.
	guardPortal('agent', locals, url);
	return {
		...(await loadQueue(locals.supabase, url)),
		density:
			cookies.get('queue_density') === 'compact' ? ('compact' as const) : ('comfortable' as const)
	};
};

export const actions: Actions = queueActions;
