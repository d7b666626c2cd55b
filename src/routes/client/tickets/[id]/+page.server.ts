import { redirect } from '@sveltejs/kit';
import { formResult, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { renderMarkdown, withRenderedBodies } from '$lib/server/markdown';
import {
	getTicket,
	listAttachments,
	listActivities,
	listLinks,
	openFollowUp,
	postMessage,
	rateTicket,
	ticketIdFrom,
	updateTicket
} from '$lib/server/tickets';
import { newTicketForm, ratingForm } from '$lib/tickets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	const id = ticketIdFrom(params.id);
	depends(feedDependency(`ticket:${id}`));
	const [ticket, activities, links, files] = await Promise.all([
		getTicket(locals.supabase, id),
		listActivities(locals.supabase, id, { publicOnly: true }),
		listLinks(locals.supabase, id),
		listAttachments(locals.supabase, id)
	]);
	return {
		ticket,
		files,
		descriptionHtml: renderMarkdown(ticket.description),
		activities: withRenderedBodies(activities),
		followsUp: links.find((link) => link.kind === 'follow_up' && link.target_ticket_id === id)
			?.source_ticket_id,
		followUps: links
			.filter((link) => link.kind === 'follow_up' && link.source_ticket_id === id)
			.map((link) => link.target_ticket_id)
	};
};

/** Mark as solved and Reopen: the database refuses a reopen past its window, with the reason. */
async function setStatus<F extends 'solve' | 'reopen'>(
	form: F,
	status: 'solved' | 'open',
	{ locals, params }: { locals: App.Locals; params: { id: string } }
) {
	const result = formResult(form);
	const failed = await updateTicket(locals.supabase, ticketIdFrom(params.id), { status });
	if (failed) return result.fail(failed.status, failed.message);
	return result.ok();
}

export const actions: Actions = {
	reply: (event) => postMessage(event, 'reply'),
	solve: (event) => setStatus('solve', 'solved', event),
	reopen: (event) => setStatus('reopen', 'open', event),
	rate: async ({ request, locals, params }) => {
		const result = formResult('rate');
		const parsed = parseForm(ratingForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const failed = await rateTicket(locals.supabase, ticketIdFrom(params.id), parsed.data);
		if (failed) return result.fail(failed.status, failed.message, { comment: parsed.data.comment });
		return result.ok({ rating: parsed.data.rating });
	},
	followUp: async ({ request, locals, params }) => {
		const result = formResult('followUp');
		const parsed = parseForm(newTicketForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const opened = await openFollowUp(locals.supabase, ticketIdFrom(params.id), parsed.data);
		if ('message' in opened) return result.fail(opened.status, opened.message, parsed.data);
		redirect(303, `/client/tickets/${opened.id}?followUp=1`);
	}
};
