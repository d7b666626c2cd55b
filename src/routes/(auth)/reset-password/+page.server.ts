import { authErrorMessage, authErrorStatus, resetRequestForm } from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const result = formResult('reset-password');
		const parsed = parseForm(resetRequestForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		// The email links to <origin>/auth/confirm?token_hash=…&type=recovery (supabase/templates).
		const { error } = await locals.supabase.auth.resetPasswordForEmail(parsed.data.email, {
			redirectTo: url.origin
		});
		if (error) {
			return result.fail(authErrorStatus(error), authErrorMessage(error), {
				email: parsed.data.email
			});
		}
		// The same answer whether or not the address has an account, so it tells nobody who does.
		return result.ok({ sentTo: parsed.data.email });
	}
};
