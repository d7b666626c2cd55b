import { feedDependency } from '$lib/realtime';
import { listQueue } from '$lib/server/tickets';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
	depends(feedDependency('tickets'));
	return { tickets: await listQueue(locals.supabase) };
};
