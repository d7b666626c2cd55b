// GET /reauthenticate: emails the signed-in user a code that PUT /user takes as `nonce` when a
// password change needs reauthentication (`auth.email.secure_password_change`).
import { requireUser } from '../authenticate';
import { json, type AuthRequest, type Reply } from '../context';
import { sendReauthentication } from '../emails';
import { badRequest, unprocessable } from '../errors';
import { asAuthAdmin } from '../transaction';

export async function reauthenticate({ ctx, req }: AuthRequest): Promise<Reply> {
	const { user } = await requireUser(ctx, req);
	if (!user.email && !user.phone) {
		throw badRequest(
			'validation_failed',
			'Reauthentication requires the user to have an email or a phone number'
		);
	}
	if (!user.email) throw badRequest('phone_provider_disabled', 'Phone logins are disabled');
	if (!user.email_confirmed_at) {
		throw unprocessable('email_not_confirmed', 'Please verify your email first.');
	}
	await asAuthAdmin(ctx.db, (tx) => sendReauthentication(tx, ctx, user));
	return json({});
}
