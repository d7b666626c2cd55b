import { fail } from '@sveltejs/kit';
import { formFailure, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
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
	return { ticket, activities, staff };
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
