import { feedDependency } from '$lib/realtime';
import { listOwnTickets } from '$lib/server/tickets';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent, depends }) => {
	depends(feedDependency('tickets'));
	const { viewer } = await parent();
	return { tickets: await listOwnTickets(locals.supabase, viewer.id) };
};
