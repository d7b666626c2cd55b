// The second step of signing in: the code from the authenticator app raises the session to aal2.
import { redirect } from '@sveltejs/kit';
import { authErrorMessage, authErrorStatus, oneTimeCodeForm, portalFor, safeNext } from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

const loginAgain = (url: URL) => `/login?next=${encodeURIComponent(url.pathname + url.search)}`;

export const load: PageServerLoad = async ({ locals, url }) => {
	const { claims, role } = locals;
	if (!claims) redirect(303, loginAgain(url));
	const next = safeNext(url.searchParams.get('next')) ?? (role ? `/${portalFor(role)}` : '/');
	if (claims.aal === 'aal2') redirect(303, next);
	const { data, error } = await locals.supabase.auth.mfa.listFactors();
	if (error) return { factor: null, problem: authErrorMessage(error) };
	const factor = data.totp[0];
	// No verified factor (an admin removed it): nothing to ask for.
	if (!factor) redirect(303, next);
	return { factor: { id: factor.id }, problem: undefined };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const result = formResult('code');
		const parsed = parseForm(oneTimeCodeForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { error } = await locals.supabase.auth.mfa.challengeAndVerify({
			factorId: parsed.data.factor_id,
			code: parsed.data.code
		});
		if (error) return result.fail(authErrorStatus(error), authErrorMessage(error));
		redirect(303, safeNext(url.searchParams.get('next')) ?? '/');
	}
};
