import { redirect } from '@sveltejs/kit';
import { formResult, parseForm } from '$lib/forms';
import { newTicketForm } from '$lib/tickets';
import { fileTicket } from '$lib/server/tickets';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const result = formResult('new-ticket');
		const parsed = parseForm(newTicketForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		if (!locals.claims) redirect(303, '/login');
		const filed = await fileTicket(locals.supabase, locals.claims.sub, parsed.data);
		if ('message' in filed) return result.fail(filed.status, filed.message, parsed.data);
		redirect(303, `/client/tickets/${filed.id}`);
	}
};
