// /verify. POST spends a token_hash (or an email + OTP) and answers with a session; GET is the
// link in an email: it spends the token and redirects to the app with the session in the fragment
// (implicit flow), an auth code in the query (PKCE flow, token prefixed `pkce_`) or the error.
import { z } from 'zod';
import { json, redirect, type AuthRequest, type Reply } from '../context';
import { AuthError, badRequest, forbidden, unprocessable } from '../errors';
import { issueAuthCode } from '../flow-state';
import { limitRequest } from '../rate-limit';
import { readJson, text } from '../request';
import { encodeValues, oauthErrors } from '../redirect-query';
import { tokenHash } from '../secrets';
import { grantSession, type SessionResponse } from '../tokens';
import { asAuthAdmin } from '../transaction';
import { emailRedirect, requestAud, validateEmail, validatePhone } from '../validation';
import {
	completeVerification,
	flowMethod,
	isVerifyType,
	userByEmailOtp,
	userByTokenHash,
	type Verified
} from '../verification';

const singleConfirmation =
	'Confirmation link accepted. Please proceed to confirm link sent to the other email';

function withQuery(target: string, values: Record<string, string>): string {
	const url = new URL(target);
	const merged: Record<string, string> = Object.fromEntries(url.searchParams);
	Object.assign(merged, values);
	return `${target.split(/[?#]/)[0]}?${encodeValues(merged)}`;
}

function errorRedirect(target: string, error: AuthError, pkce: boolean): string {
	const values: Record<string, string> = {
		...(oauthErrors[error.status] && { error: oauthErrors[error.status] }),
		error_code: error.code ?? '',
		error_description: error.message
	};
	const base = pkce ? withQuery(target, values) : target.split('#')[0];
	return `${base}#${encodeValues({ ...values, sb: '' })}`;
}

export async function verifyGet(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url, client } = request;
	limitRequest(ctx.limits.verifications, client.ip);
	const type = url.searchParams.get('type') ?? '';
	const token = url.searchParams.get('token') ?? '';
	const redirectTo = emailRedirect(ctx.settings, req, url);
	if (!type) throw badRequest('validation_failed', 'Verify requires a verification type');
	if (!token) throw badRequest('validation_failed', 'Verify requires a token or a token hash');
	const pkce = token.startsWith('pkce_');

	let result:
		| { kind: 'session'; session: SessionResponse }
		| { kind: 'code'; code: string }
		| { kind: 'pending' };
	try {
		result = await asAuthAdmin(ctx.db, async (tx) => {
			if (!isVerifyType(type)) {
				throw badRequest('validation_failed', 'Invalid email verification type');
			}
			const verified = await userByTokenHash(tx, ctx, type, token);
			const completion = await completeVerification(tx, ctx, verified, token);
			if (completion.kind === 'pending') return { kind: 'pending' as const };
			if (pkce) {
				return {
					kind: 'code' as const,
					code: await issueAuthCode(tx, completion.user.id, flowMethod[verified.type])
				};
			}
			return {
				kind: 'session' as const,
				session: await grantSession(tx, ctx, completion.user.id, 'otp', client)
			};
		});
	} catch (error) {
		if (error instanceof AuthError) return redirect(errorRedirect(redirectTo, error, pkce));
		throw error;
	}

	switch (result.kind) {
		case 'pending': {
			const message = { message: singleConfirmation };
			const base = pkce ? withQuery(redirectTo, message) : redirectTo.split('#')[0];
			return redirect(`${base}#${encodeValues({ ...message, sb: '' })}`);
		}
		case 'code':
			return redirect(withQuery(redirectTo, { code: result.code }));
		case 'session': {
			const { session } = result;
			return redirect(
				`${redirectTo}#${encodeValues({
					access_token: session.access_token,
					token_type: session.token_type,
					expires_in: String(session.expires_in),
					expires_at: String(session.expires_at),
					refresh_token: session.refresh_token,
					type,
					sb: ''
				})}`
			);
		}
	}
}

const verifyBody = z.looseObject({
	type: text(),
	token: text(),
	token_hash: text(),
	email: text(),
	phone: text(),
	redirect_to: text()
});

export async function verifyPost(request: AuthRequest): Promise<Reply> {
	const { ctx, req, client } = request;
	limitRequest(ctx.limits.verifications, client.ip);
	const body = await readJson(req, verifyBody);
	const type = body.type ?? '';
	if (!type) throw badRequest('validation_failed', 'Verify requires a verification type');
	if (!body.token === !body.token_hash) {
		throw badRequest('validation_failed', 'Verify requires either a token or a token hash');
	}
	const phoneOtp = Boolean(body.token && body.phone && !body.email);
	if (phoneOtp) validatePhone(body.phone as string);
	if (phoneOtp || type === 'sms' || type === 'phone_change') {
		// No user has a phone number to verify: phone sign-ups and changes need the SMS provider
		// the local stack does not have, so GoTrue's lookup finds nobody.
		if (body.token_hash && (body.email || body.phone || body.redirect_to)) {
			throw badRequest('validation_failed', 'Only the token_hash and type should be provided');
		}
		throw forbidden('otp_expired', 'Token has expired or is invalid');
	}

	let hash: string;
	let email: string | undefined;
	if (body.token) {
		if (!body.email || body.phone) {
			throw badRequest(
				'validation_failed',
				'Only an email address or phone number should be provided on verify'
			);
		}
		try {
			email = validateEmail(body.email);
		} catch {
			throw unprocessable('validation_failed', 'Invalid email format');
		}
		hash = tokenHash(email, body.token);
	} else {
		if (body.email || body.phone || body.redirect_to) {
			throw badRequest('validation_failed', 'Only the token_hash and type should be provided');
		}
		hash = body.token_hash as string;
	}

	const outcome = await asAuthAdmin(ctx.db, async (tx) => {
		if (!isVerifyType(type)) throw badRequest('validation_failed', 'Unsupported verification type');
		const verified: Verified = email
			? await userByEmailOtp(tx, ctx, type, email, hash, requestAud(req))
			: await userByTokenHash(tx, ctx, type, hash);
		const completion = await completeVerification(tx, ctx, verified, hash);
		if (completion.kind === 'pending') return undefined;
		return grantSession(tx, ctx, completion.user.id, 'otp', client);
	});
	return outcome ? json(outcome) : json({ msg: singleConfirmation, code: '200' });
}
