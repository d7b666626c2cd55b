// Where the emails' links land: verifies the one-time token hash, which signs the person in, then
// sends invited people and those resetting their password on to choose one, and people changing
// their email address back to their profile.
import { redirect } from '@sveltejs/kit';
import type { EmailOtpType } from '@supabase/supabase-js';
import { safeNext } from '$lib/auth';
import type { RequestHandler } from './$types';

const types: EmailOtpType[] = [
	'invite',
	'recovery',
	'signup',
	'email',
	'magiclink',
	'email_change'
];

export const GET: RequestHandler = async ({ url, locals }) => {
	const tokenHash = url.searchParams.get('token_hash');
	const type = types.find((known) => known === url.searchParams.get('type'));
	if (!tokenHash || !type) redirect(303, '/login?notice=link-expired');

	const { data, error } = await locals.supabase.auth.verifyOtp({ token_hash: tokenHash, type });
	if (error) redirect(303, '/login?notice=link-expired');
	if (type === 'invite' || type === 'recovery') redirect(303, `/auth/set-password?for=${type}`);
	// With secure email change, the first of the two links answers without a session: the change
	// waits for the link sent to the other address.
	if (type === 'email_change') {
		redirect(
			303,
			`/account/profile?notice=${data.session ? 'email-changed' : 'email-change-half'}`
		);
	}
	redirect(303, safeNext(url.searchParams.get('next')) ?? '/');
};
