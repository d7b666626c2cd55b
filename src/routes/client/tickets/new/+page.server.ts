import { fail, redirect } from '@sveltejs/kit';
import { formFailure, parseForm } from '$lib/forms';
import { newTicketForm } from '$lib/tickets';
import { fileTicket } from '$lib/server/tickets';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(newTicketForm, form);
		if (!parsed.ok) return fail(400, parsed);
		if (!locals.claims) redirect(303, '/login');
		const filed = await fileTicket(locals.supabase, locals.claims.sub, parsed.data);
		if ('message' in filed) {
			return fail(filed.status, formFailure(filed.message, parsed.data));
		}
		redirect(303, `/client/tickets/${filed.id}`);
	}
};
