import { z } from 'zod';
import { diagnosisChecks } from '$lib/admin/diagnostics';
import { formResult, parseForm } from '$lib/forms';
import {
	checkDelivery,
	diagnose,
	findPersonId,
	parseDeliveryCheck
} from '$lib/server/admin/diagnostics';
import { databaseMessage } from '$lib/server/admin/database-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const asked = url.searchParams.get('person')?.trim() || null;
	if (!asked) return { asked, diagnosis: null, checks: [] };
	const id = await findPersonId(locals.supabase, asked);
	const found = id ? await diagnose(locals.supabase, id) : null;
	return {
		asked,
		diagnosis: found,
		checks: found ? diagnosisChecks(found) : []
	};
};

const deliveryForm = z.object({
	person: z.uuid({ error: 'Choose a person first.' }),
	ticket: z.coerce
		.number({ error: 'Enter a ticket number.' })
		.int({ error: 'Enter a ticket number.' })
		.positive({ error: 'Enter a ticket number.' })
		.max(Number.MAX_SAFE_INTEGER, { error: 'Enter a ticket number.' })
});

export const actions: Actions = {
	check: async ({ request, locals }) => {
		const result = formResult('check');
		const parsed = parseForm(deliveryForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { person, ticket } = parsed.data;
		const { data, error } = await checkDelivery(locals.supabase, person, ticket);
		if (error) {
			return result.fail(error.code === 'P0002' ? 404 : 400, databaseMessage(error), {
				ticket: String(ticket)
			});
		}
		return result.ok({ delivery: parseDeliveryCheck(data) });
	},

	probe: async ({ locals }) => {
		const result = formResult('probe');
		const id = locals.claims?.sub;
		if (!id) return result.fail(401, 'Sign in again.');
		// Rewrites the admin's own name with itself: a real UPDATE that changes nothing anybody sees,
		// so the probe feed receives it.
		const { data: own } = await locals.supabase
			.from('profiles')
			.select('full_name')
			.eq('id', id)
			.single();
		const { error } = await locals.supabase
			.from('profiles')
			.update({ full_name: own?.full_name ?? '' })
			.eq('id', id);
		if (error) return result.fail(400, databaseMessage(error));
		return result.ok({ committedAt: Date.now() });
	}
};
