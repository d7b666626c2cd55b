// POST /recover: emails a password-recovery link; answers `{}` whether or not the address is known.
import { z } from 'zod';
import { json, type AuthRequest, type Reply } from '../context';
import { sendRecovery } from '../emails';
import { badRequest } from '../errors';
import { createFlowState } from '../flow-state';
import { limitRequest } from '../rate-limit';
import { readJson, text } from '../request';
import { asAuthAdmin } from '../transaction';
import { findUserByEmail } from '../users';
import { emailRedirect, requestAud, usesPkce, validateEmail, validatePkce } from '../validation';

const recoverBody = z.looseObject({
	email: text(),
	code_challenge: text(),
	code_challenge_method: text()
});

export async function recover(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url, client } = request;
	limitRequest(ctx.limits.signInSignUps, client.ip);
	if (!ctx.settings.emailProviderEnabled) {
		throw badRequest('email_provider_disabled', 'Email logins are disabled');
	}
	const body = await readJson(req, recoverBody);
	if (!body.email) throw badRequest('validation_failed', 'Password recovery requires an email');
	const email = validateEmail(body.email);
	validatePkce(body);

	const user = await findUserByEmail(ctx.db, email, requestAud(req));
	if (!user) return json({});
	const pkce = usesPkce(body);
	await asAuthAdmin(ctx.db, async (tx) => {
		if (pkce) await createFlowState(tx, user.id, 'recovery', body);
		await sendRecovery(tx, ctx, user, { redirectTo: emailRedirect(ctx.settings, req, url), pkce });
	});
	return json({});
}
