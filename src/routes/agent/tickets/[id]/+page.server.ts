import { fail, redirect } from '@sveltejs/kit';
import { formResult, parseForm } from '$lib/forms';
import { feedDependency, ticketRowTopic } from '$lib/realtime';
import { renderMarkdown } from '$lib/server/markdown';
import { ticketIdFrom } from '$lib/server/tickets';
import {
	applyMacro,
	loadAgentTicketPage,
	mergeTicket,
	previewMacro,
	saveProperty,
	sendMessage
} from '$lib/server/tickets/agent-ticket';
import { macroForm, mergeForm, messageForm, propertyEditForm } from '$lib/tickets/properties';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	const id = ticketIdFrom(params.id);
	// The ticket row's feed reloads the page; the timeline's feed adds what arrives by itself.
	depends(feedDependency(ticketRowTopic(id)));
	const { ticket, ...page } = await loadAgentTicketPage(locals.supabase, id);
	// The description goes out once, as HTML.
	const { description, ...shown } = ticket;
	return { ticket: shown, descriptionHtml: renderMarkdown(description), ...page };
};

export const actions: Actions = {
	send: async ({ request, locals, params }) => {
		const result = formResult('send');
		const parsed = parseForm(messageForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const refused = await sendMessage(locals.supabase, {
			ticketId: ticketIdFrom(params.id),
			kind: parsed.data.kind,
			body: parsed.data.body,
			attachmentIds: parsed.data.attachments,
			status: parsed.data.status
		});
		if (refused) return result.fail(refused.status, refused.message);
		return result.ok({ kind: parsed.data.kind, status: parsed.data.status });
	},

	property: async ({ request, locals, params }) => {
		const result = formResult('property');
		const parsed = parseForm(propertyEditForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const outcome = await saveProperty(
			locals.supabase,
			ticketIdFrom(params.id),
			parsed.data.version,
			parsed.data.edit
		);
		if (outcome.ok) return result.ok({ version: outcome.version });
		if (outcome.conflict) {
			return fail(409, {
				form: 'property' as const,
				ok: false as const,
				conflict: true as const,
				message: 'Someone changed this ticket while you were editing.',
				current: outcome.current
			});
		}
		return result.fail(outcome.status, outcome.message);
	},

	previewMacro: async ({ request, locals, params }) => {
		const result = formResult('previewMacro');
		const parsed = parseForm(macroForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const preview = await previewMacro(locals.supabase, parsed.data.macro, ticketIdFrom(params.id));
		if ('status' in preview) return result.fail(preview.status, preview.message);
		return result.ok({ preview });
	},

	applyMacro: async ({ request, locals, params }) => {
		const result = formResult('applyMacro');
		const parsed = parseForm(macroForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const applied = await applyMacro(
			locals.supabase,
			parsed.data.macro,
			ticketIdFrom(params.id),
			parsed.data.version ?? 0
		);
		if ('status' in applied) return result.fail(applied.status, applied.message);
		return result.ok({ applied });
	},

	merge: async ({ request, locals, params }) => {
		const result = formResult('merge');
		const parsed = parseForm(mergeForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const refused = await mergeTicket(locals.supabase, ticketIdFrom(params.id), parsed.data.target);
		if (refused)
			return result.fail(refused.status, refused.message, { target: String(parsed.data.target) });
		redirect(303, `/agent/tickets/${parsed.data.target}?merged=${params.id}`);
	},

	preview: async ({ request }) => {
		const result = formResult('preview');
		const body = (await request.formData()).get('body');
		return result.ok({
			html: renderMarkdown(typeof body === 'string' ? body.slice(0, 20_000) : '')
		});
	}
};
