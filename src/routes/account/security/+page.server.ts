// Two-factor sign-in for one's own account: set up an authenticator app (scan the QR code, confirm
// with a code, which raises this session to aal2) or remove it.
import { redirect } from '@sveltejs/kit';
import {
	authErrorMessage,
	authErrorStatus,
	factorForm,
	isStaff,
	mfaLocation,
	oneTimeCodeForm,
	safeNext
} from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import { staffMfaRequired } from '$lib/server/workspace-settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('supabase:auth');
	const { claims, role } = locals;
	if (!claims) redirect(303, '/login');
	// Managing factors needs the session to have used the one it has, as the Auth server requires.
	if (claims.mfa_enrolled === true && claims.aal !== 'aal2') {
		redirect(303, mfaLocation('challenge', url.pathname + url.search));
	}
	const { data, error } = await locals.supabase.auth.mfa.listFactors();
	return {
		factors: (data?.totp ?? []).map((factor) => ({
			id: factor.id,
			name: factor.friendly_name ?? 'Authenticator app',
			added: factor.created_at
		})),
		problem: error ? authErrorMessage(error) : undefined,
		required: isStaff(role) && (await staffMfaRequired(locals.supabase)),
		next: safeNext(url.searchParams.get('next'))
	};
};

export const actions: Actions = {
	start: async ({ locals }) => {
		const result = formResult('start');
		// A setup left unfinished holds an unverified factor; it goes before a new one starts.
		const listed = await locals.supabase.auth.mfa.listFactors();
		for (const factor of listed.data?.all ?? []) {
			if (factor.status === 'unverified') {
				await locals.supabase.auth.mfa.unenroll({ factorId: factor.id });
			}
		}
		const { data, error } = await locals.supabase.auth.mfa.enroll({
			factorType: 'totp',
			issuer: 'AutoCRM',
			friendlyName: 'Authenticator app'
		});
		if (error) return result.fail(authErrorStatus(error), authErrorMessage(error));
		return result.ok({
			setup: { factorId: data.id, qrCode: data.totp.qr_code, secret: data.totp.secret }
		});
	},

	verify: async ({ request, locals }) => {
		const result = formResult('verify');
		const form = await request.formData();
		// The setup travels with the form (its fields come back with a failure), so a wrong code
		// shows the same QR code again.
		const parsed = parseForm(oneTimeCodeForm, form);
		if (!parsed.ok) return result.fail(400, parsed);
		const { error } = await locals.supabase.auth.mfa.challengeAndVerify({
			factorId: parsed.data.factor_id,
			code: parsed.data.code
		});
		if (error) {
			const setup = Object.fromEntries(
				['factor_id', 'qr_code', 'secret', 'next'].map((name) => [
					name,
					String(form.get(name) ?? '')
				])
			);
			return result.fail(authErrorStatus(error), authErrorMessage(error), setup);
		}
		// `?/verify` replaces the page's query, so where to go next travels with the form.
		const next = safeNext(String(form.get('next') ?? ''));
		if (next) redirect(303, next);
		return result.ok();
	},

	remove: async ({ request, locals }) => {
		const result = formResult('remove');
		const parsed = parseForm(factorForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { error } = await locals.supabase.auth.mfa.unenroll({ factorId: parsed.data.factor_id });
		if (error) return result.fail(authErrorStatus(error), authErrorMessage(error));
		// The session still says aal2 until it is refreshed; refresh now so the page shows aal1.
		await locals.supabase.auth.refreshSession();
		return result.ok();
	}
};
