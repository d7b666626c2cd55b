import { error, fail } from '@sveltejs/kit';
import { formFailure, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { replyForm, ticketId } from '$lib/tickets';
import { addMessage } from '$lib/tickets/mutations';
import { getTicket, listActivities } from '$lib/tickets/queries';
import type { Actions, PageServerLoad } from './$types';

const idFrom = (param: string) => ticketId(param) ?? error(404, 'There is no such ticket.');

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	const id = idFrom(params.id);
	depends(feedDependency(`ticket:${id}`));
	const [ticket, activities] = await Promise.all([
		getTicket(locals.supabase, id),
		listActivities(locals.supabase, id, { publicOnly: true })
	]);
	return { ticket, activities };
};

export const actions: Actions = {
	reply: async ({ request, locals, params }) => {
		const parsed = parseForm(replyForm, await request.formData());
		if (!parsed.ok) return fail(400, parsed);
		const failed = await addMessage(locals.supabase, {
			ticketId: idFrom(params.id),
			authorId: locals.claims?.sub ?? '',
			body: parsed.data.body,
			internal: false
		});
		if (failed) return fail(failed.status, formFailure(failed.message, parsed.data));
		return { sent: true };
	}
};
