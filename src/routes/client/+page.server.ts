import { feedDependency } from '$lib/realtime';
import { listOwnTickets } from '$lib/server/tickets';
import { customerTab, customerTabStatuses } from '$lib/tickets';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent, depends, url }) => {
	depends(feedDependency('tickets'));
	const { viewer } = await parent();
	const tab = customerTab(url.searchParams.get('tab'));
	const search = (url.searchParams.get('q') ?? '').slice(0, 200);
	return {
		tab,
		search,
		tickets: await listOwnTickets(locals.supabase, viewer.id, {
			statuses: customerTabStatuses[tab],
			search
		})
	};
};
