// What the client's and the agent's ticket pages do alike on the server: read the ticket id from
// the route and post a message on that ticket.
import { error } from '@sveltejs/kit';
import { formResult, parseForm } from '$lib/forms';
import { replyForm, ticketId } from '$lib/tickets';
import { addMessage } from './mutations';

/** The ticket id in the route, or a 404 for anything that cannot be one. */
export const ticketIdFrom = (param: string) =>
	ticketId(param) ?? error(404, 'There is no such ticket.');

/** Posts the submitted text on the route's ticket: a public reply, or an internal note. */
export async function postMessage<K extends 'reply' | 'note'>(
	{ request, locals, params }: { request: Request; locals: App.Locals; params: { id: string } },
	kind: K
) {
	const result = formResult(kind);
	const parsed = parseForm(replyForm, await request.formData());
	if (!parsed.ok) return result.fail(400, parsed);
	const failed = await addMessage(locals.supabase, {
		ticketId: ticketIdFrom(params.id),
		authorId: locals.claims?.sub ?? '',
		body: parsed.data.body,
		internal: kind === 'note'
	});
	if (failed) return result.fail(failed.status, failed.message, parsed.data);
	return result.ok();
}
