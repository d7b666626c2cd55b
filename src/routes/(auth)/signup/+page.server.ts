import { redirect } from '@sveltejs/kit';
import { authErrorMessage, authErrorStatus, portalFor, signUpForm } from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.role) redirect(303, `/${portalFor(locals.role)}`);
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const result = formResult('sign-up');
		const parsed = parseForm(signUpForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { full_name, email, password } = parsed.data;
		// Only a display name goes into user metadata: roles are never read from it.
		const { data, error } = await locals.supabase.auth.signUp({
			email,
			password,
			options: { data: { full_name }, emailRedirectTo: `${url.origin}/auth/confirm` }
		});
		if (error) {
			return result.fail(authErrorStatus(error), authErrorMessage(error), { full_name, email });
		}
		if (data.session) redirect(303, '/');
		return result.ok({ confirmEmail: email });
	}
};
