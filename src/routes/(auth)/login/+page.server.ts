import { redirect } from '@sveltejs/kit';
import {
	authErrorMessage,
	authErrorStatus,
	mfaLocation,
	portalFor,
	safeNext,
	signInForm
} from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

const notices: Record<string, string> = {
	'link-expired': 'This link has expired or was already used. Ask for a new one.',
	'password-set': 'Your password is set. Sign in with it.',
	'signed-out': 'You are signed out.'
};

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.role)
		redirect(303, safeNext(url.searchParams.get('next')) ?? `/${portalFor(locals.role)}`);
	const notice = url.searchParams.get('notice');
	return {
		notice: notice ? notices[notice] : undefined,
		// Signed in, but the token carries no role: the project's access token hook is not enabled.
		noRole: locals.claims !== null
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const result = formResult('sign-in');
		const parsed = parseForm(signInForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase.auth.signInWithPassword(parsed.data);
		if (error) {
			return result.fail(authErrorStatus(error), authErrorMessage(error), {
				email: parsed.data.email
			});
		}
		const next = safeNext(url.searchParams.get('next')) ?? '/';
		// The Auth server's own answer says whether a second factor is set up: ask for its code now.
		if (data.user.factors?.some((factor) => factor.status === 'verified')) {
			redirect(303, mfaLocation('challenge', next));
		}
		redirect(303, next);
	}
};
