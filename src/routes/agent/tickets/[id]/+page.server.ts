import { error, fail } from '@sveltejs/kit';
import { formFailure, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { replyForm, ticketId, ticketUpdateForm } from '$lib/tickets';
import { addMessage, updateTicket } from '$lib/tickets/mutations';
import { getTicket, listActivities, listStaff } from '$lib/tickets/queries';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const idFrom = (param: string) => ticketId(param) ?? error(404, 'There is no such ticket.');

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	const id = idFrom(params.id);
	depends(feedDependency(`ticket:${id}`));
	const [ticket, activities, staff] = await Promise.all([
		getTicket(locals.supabase, id),
		listActivities(locals.supabase, id, { publicOnly: false }),
		listStaff(locals.supabase)
	]);
	return { ticket, activities, staff };
};

async function message({ request, locals, params }: RequestEvent, internal: boolean) {
	const parsed = parseForm(replyForm, await request.formData());
	if (!parsed.ok) return fail(400, parsed);
	const failed = await addMessage(locals.supabase, {
		ticketId: idFrom(params.id),
		authorId: locals.claims?.sub ?? '',
		body: parsed.data.body,
		internal
	});
	if (failed) return fail(failed.status, formFailure(failed.message, parsed.data));
	return { sent: true };
}

export const actions: Actions = {
	reply: (event) => message(event, false),
	note: (event) => message(event, true),
	update: async ({ request, locals, params }) => {
		const parsed = parseForm(ticketUpdateForm, await request.formData());
		if (!parsed.ok) return fail(400, parsed);
		const failed = await updateTicket(locals.supabase, idFrom(params.id), parsed.data);
		if (failed) return fail(failed.status, formFailure(failed.message));
		return { updated: true };
	},
	assign: async ({ locals, params }) => {
		const failed = await updateTicket(locals.supabase, idFrom(params.id), {
			assignee_id: locals.claims?.sub ?? null
		});
		if (failed) return fail(failed.status, formFailure(failed.message));
		return { updated: true };
	}
};
