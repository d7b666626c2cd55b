import { fail, redirect } from '@sveltejs/kit';
import { authErrorMessage, authErrorStatus, setPasswordForm } from '$lib/auth';
import { formFailure, parseForm } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.claims) redirect(303, '/login?notice=link-expired');
	return { invited: url.searchParams.get('for') === 'invite', email: locals.claims.email ?? '' };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		if (!locals.claims) redirect(303, '/login?notice=link-expired');
		const parsed = parseForm(setPasswordForm, await request.formData());
		if (!parsed.ok) return fail(400, parsed);
		const { error } = await locals.supabase.auth.updateUser({ password: parsed.data.password });
		if (error) {
			return fail(authErrorStatus(error), formFailure(authErrorMessage(error), {}));
		}
		redirect(303, '/');
	}
};
