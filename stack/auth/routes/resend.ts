// POST /resend: sends a sign-up confirmation or an email change link again, as GoTrue's Resend
// does; `{}` whether or not there was anything to send. Phone types meet the phone provider, off.
import { z } from 'zod';
import { json, type AuthRequest, type Reply } from '../context';
import { sendConfirmation, sendEmailChange } from '../emails';
import { badRequest } from '../errors';
import { createFlowState } from '../flow-state';
import { limitRequest } from '../rate-limit';
import { readJson, text } from '../request';
import { asAuthAdmin } from '../transaction';
import { findUserByEmail } from '../users';
import { emailRedirect, requestAud, usesPkce, validateEmail, validatePkce } from '../validation';

const resendBody = z.looseObject({
	type: text(),
	email: text(),
	phone: text(),
	code_challenge: text(),
	code_challenge_method: text()
});

const emailTypes = ['signup', 'email_change'];
const phoneTypes = ['sms', 'phone_change'];

export async function resend(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url, client } = request;
	limitRequest(ctx.limits.signInSignUps, client.ip);
	const body = await readJson(req, resendBody);
	const type = body.type ?? '';
	if (emailTypes.includes(type)) validatePkce(body);
	else if (!phoneTypes.includes(type)) {
		throw badRequest(
			'validation_failed',
			'Missing one of these types: signup, email_change, sms, phone_change'
		);
	}
	if (!body.email && type === 'signup') {
		throw badRequest('validation_failed', 'Type provided requires an email address');
	}
	if (!body.phone && type === 'sms') {
		throw badRequest('validation_failed', 'Type provided requires a phone number');
	}
	if (body.email && body.phone) {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided.'
		);
	}
	if (body.phone) throw badRequest('phone_provider_disabled', 'Phone logins are disabled');
	if (!body.email) throw badRequest('validation_failed', 'Missing email address or phone number');
	if (!ctx.settings.emailProviderEnabled) {
		throw badRequest('email_provider_disabled', 'Email logins are disabled');
	}

	const user = await findUserByEmail(ctx.db, validateEmail(body.email), requestAud(req));
	if (!user) return json({});
	if (type === 'signup' && user.email_confirmed_at) return json({});
	if (type === 'email_change' && !user.email_change) return json({});

	const pkce = usesPkce(body);
	const options = { redirectTo: emailRedirect(ctx.settings, req, url), pkce };
	await asAuthAdmin(ctx.db, async (tx) => {
		if (type === 'signup') {
			if (pkce) await createFlowState(tx, user.id, 'email/signup', body);
			await sendConfirmation(tx, ctx, user, options);
		} else {
			if (pkce) await createFlowState(tx, user.id, 'email_change', body);
			await sendEmailChange(tx, ctx, user, user.email_change, options);
		}
	});
	return json({});
}
