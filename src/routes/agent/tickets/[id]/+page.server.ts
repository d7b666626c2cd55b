import { formResult, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { renderMarkdown, withRenderedBodies } from '$lib/server/markdown';
import { ticketUpdateForm } from '$lib/tickets';
import {
	getTicket,
	listActivities,
	listStaff,
	postMessage,
	ticketIdFrom,
	updateTicket
} from '$lib/server/tickets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	const id = ticketIdFrom(params.id);
	depends(feedDependency(`ticket:${id}`));
	const [ticket, activities, staff] = await Promise.all([
		getTicket(locals.supabase, id),
		listActivities(locals.supabase, id, { publicOnly: false }),
		listStaff(locals.supabase)
	]);
	return {
		ticket,
		descriptionHtml: renderMarkdown(ticket.description),
		activities: withRenderedBodies(activities),
		staff
	};
};

export const actions: Actions = {
	reply: (event) => postMessage(event, 'reply'),
	note: (event) => postMessage(event, 'note'),
	update: async ({ request, locals, params }) => {
		const result = formResult('update');
		const parsed = parseForm(ticketUpdateForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const failed = await updateTicket(locals.supabase, ticketIdFrom(params.id), parsed.data);
		if (failed) return result.fail(failed.status, failed.message);
		return result.ok();
	},
	assign: async ({ locals, params }) => {
		const result = formResult('assign');
		const failed = await updateTicket(locals.supabase, ticketIdFrom(params.id), {
			assignee_id: locals.claims?.sub ?? null
		});
		if (failed) return result.fail(failed.status, failed.message);
		return result.ok();
	}
};
