import { feedDependency } from '$lib/realtime';
import { renderMarkdown, withRenderedBodies } from '$lib/server/markdown';
import { getTicket, listActivities, postMessage, ticketIdFrom } from '$lib/server/tickets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	const id = ticketIdFrom(params.id);
	depends(feedDependency(`ticket:${id}`));
	const [ticket, activities] = await Promise.all([
		getTicket(locals.supabase, id),
		listActivities(locals.supabase, id, { publicOnly: true })
	]);
	return {
		ticket,
		descriptionHtml: renderMarkdown(ticket.description),
		activities: withRenderedBodies(activities)
	};
};

export const actions: Actions = {
	reply: (event) => postMessage(event, 'reply')
};
