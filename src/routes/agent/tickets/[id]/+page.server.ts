import { fail } from '@sveltejs/kit';
import { formFailure, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { renderMarkdown, withRenderedBodies } from '$lib/server/markdown';
import { ticketUpdateForm } from '$lib/tickets';
import { updateTicket } from '$lib/tickets/mutations';
import { getTicket, listActivities, listStaff } from '$lib/tickets/queries';
import { postMessage, ticketIdFrom } from '$lib/tickets/ticket-page';
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
	reply: (event) => postMessage(event, false),
	note: (event) => postMessage(event, true),
	update: async ({ request, locals, params }) => {
		const parsed = parseForm(ticketUpdateForm, await request.formData());
		if (!parsed.ok) return fail(400, parsed);
		const failed = await updateTicket(locals.supabase, ticketIdFrom(params.id), parsed.data);
		if (failed) return fail(failed.status, formFailure(failed.message));
		return { updated: true };
	},
	assign: async ({ locals, params }) => {
		const failed = await updateTicket(locals.supabase, ticketIdFrom(params.id), {
			assignee_id: locals.claims?.sub ?? null
		});
		if (failed) return fail(failed.status, formFailure(failed.message));
		return { updated: true };
	}
};
