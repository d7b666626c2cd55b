import { fail, redirect } from '@sveltejs/kit';
import { authErrorMessage, authErrorStatus, portalFor, signUpForm } from '$lib/auth';
import { formFailure, parseForm } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.role) redirect(303, `/${portalFor(locals.role)}`);
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const parsed = parseForm(signUpForm, await request.formData());
		if (!parsed.ok) return fail(400, parsed);
		const { full_name, email, password } = parsed.data;
		// Only a display name goes into user metadata: roles are never read from it.
		const { data, error } = await locals.supabase.auth.signUp({
			email,
			password,
			options: { data: { full_name }, emailRedirectTo: `${url.origin}/auth/confirm` }
		});
		if (error) {
			return fail(
				authErrorStatus(error),
				formFailure(authErrorMessage(error), { full_name, email })
			);
		}
		if (data.session) redirect(303, '/');
		return { confirmEmail: email };
	}
};
