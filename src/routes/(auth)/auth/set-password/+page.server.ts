import { redirect } from '@sveltejs/kit';
import { authErrorMessage, authErrorStatus, setPasswordForm } from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.claims) redirect(303, '/login?notice=link-expired');
	return { invited: url.searchParams.get('for') === 'invite', email: locals.claims.email ?? '' };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		if (!locals.claims) redirect(303, '/login?notice=link-expired');
		const result = formResult('set-password');
		const parsed = parseForm(setPasswordForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { error } = await locals.supabase.auth.updateUser({ password: parsed.data.password });
		if (error) {
			return result.fail(authErrorStatus(error), authErrorMessage(error));
		}
		redirect(303, '/');
	}
};
