// POST /otp: passwordless email sign-in. A known, confirmed address gets a magic link (with its
// OTP); an unknown one is signed up first, unless `create_user` is false.
import { z } from 'zod';
import { json, type AuthRequest, type Reply } from '../context';
import { sendMagicLink } from '../emails';
import { badRequest, unprocessable } from '../errors';
import { createFlowState } from '../flow-state';
import { limitRequest } from '../rate-limit';
import { flag, object, readJson, text } from '../request';
import { generatePassword } from '../secrets';
import { asAuthAdmin } from '../transaction';
import { findUserByEmail, type UserRow } from '../users';
import { emailRedirect, requestAud, usesPkce, validateEmail, validatePkce } from '../validation';
import { signUpWithEmail } from './signup';

const otpBody = z.looseObject({
	email: text(),
	phone: text(),
	create_user: flag(),
	data: object(),
	channel: text(),
	code_challenge: text(),
	code_challenge_method: text()
});

export async function otp(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url, client } = request;
	limitRequest(ctx.limits.signInSignUps, client.ip);
	const body = await readJson(req, otpBody);
	if (body.email && body.phone) {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided'
		);
	}
	if (body.email && body.channel) {
		throw badRequest('validation_failed', 'Channel should only be specified with Phone OTP');
	}
	validatePkce(body);
	const aud = requestAud(req);
	if (body.create_user === false && (body.email || body.phone)) {
		const known = body.email && (await findUserByEmail(ctx.db, validateEmail(body.email), aud));
		if (!known) throw unprocessable('otp_disabled', 'Signups not allowed for otp');
	}
	if (body.phone) throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
	if (!body.email) throw badRequest('validation_failed', 'One of email or phone must be set');
	if (!ctx.settings.emailProviderEnabled) {
		throw unprocessable('email_provider_disabled', 'Email logins are disabled');
	}

	const email = validateEmail(body.email);
	let user = await findUserByEmail(ctx.db, email, aud);
	if (!user?.email_confirmed_at) {
		const outcome = await signUpWithEmail(request, {
			email,
			password: generatePassword(),
			data: body.data ?? {},
			code_challenge: body.code_challenge,
			code_challenge_method: body.code_challenge_method
		});
		// Without autoconfirm the sign-up has sent its confirmation email; that is the answer.
		if (outcome.kind === 'created' && !outcome.confirmed) return json({});
		user = (await findUserByEmail(ctx.db, email, aud)) as UserRow;
	}
	const pkce = usesPkce(body);
	const confirmed = user;
	await asAuthAdmin(ctx.db, async (tx) => {
		if (pkce) await createFlowState(tx, confirmed.id, 'magiclink', body);
		await sendMagicLink(tx, ctx, confirmed, {
			redirectTo: emailRedirect(ctx.settings, req, url),
			pkce
		});
	});
	return json({});
}
