import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formResult, parseForm } from '$lib/forms';
import { renderMarkdown } from '$lib/server/markdown';
import { fileTicket, listTicketTypes } from '$lib/server/tickets';
import { newTicketForm } from '$lib/tickets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	types: await listTicketTypes(locals.supabase)
});

const filing = newTicketForm.extend({
	// An empty choice means none; the database checks the id names a type.
	type_id: z
		.union([z.literal('').transform(() => null), z.uuid({ error: 'Choose a type from the list.' })])
		.optional(),
	// Set by the page when it will upload attachments itself once the ticket exists.
	attachments: z.enum(['pending']).optional()
});

export const actions: Actions = {
	file: async ({ request, locals }) => {
		const result = formResult('new-ticket');
		const parsed = parseForm(filing, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		if (!locals.claims) redirect(303, '/login');
		const { attachments, ...ticket } = parsed.data;
		const filed = await fileTicket(locals.supabase, locals.claims.sub, ticket);
		if ('message' in filed) {
			return result.fail(filed.status, filed.message, {
				subject: ticket.subject,
				description: ticket.description,
				type_id: ticket.type_id ?? ''
			});
		}
		if (attachments === 'pending') return result.ok({ id: filed.id });
		redirect(303, `/client/tickets/${filed.id}`);
	},
	preview: async ({ request }) => {
		const text = String((await request.formData()).get('description') ?? '').slice(0, 20_000);
		return formResult('preview').ok({ html: renderMarkdown(text) });
	}
};
