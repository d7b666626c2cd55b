import { fail } from '@sveltejs/kit';
import { authErrorMessage, authErrorStatus, resetRequestForm } from '$lib/auth';
import { formFailure, parseForm } from '$lib/forms';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const parsed = parseForm(resetRequestForm, await request.formData());
		if (!parsed.ok) return fail(400, parsed);
		// The email links to <origin>/auth/confirm?token_hash=…&type=recovery (supabase/templates).
		const { error } = await locals.supabase.auth.resetPasswordForEmail(parsed.data.email, {
			redirectTo: url.origin
		});
		if (error) {
			return fail(
				authErrorStatus(error),
				formFailure(authErrorMessage(error), { email: parsed.data.email })
			);
		}
		// The same answer whether or not the address has an account, so it tells nobody who does.
		return { sentTo: parsed.data.email };
	}
};
