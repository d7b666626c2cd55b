// POST /token: the password, refresh_token and pkce grants, counted against `token_refresh` as
// GoTrue counts every grant there (the id_token and web3 grants meet their providers turned off).
import { z } from 'zod';
import { json, type AuthRequest, type Reply } from '../context';
import { badRequest, notFound, unprocessable } from '../errors';
import { deleteFlowState, redeemAuthCode } from '../flow-state';
import { runPasswordVerificationHook } from '../password-hook';
import { verifyPassword, weaknessOf, type Weakness } from '../passwords';
import { idTokenGrant, web3Grant } from './unsupported';
import { limitRequest } from '../rate-limit';
import { refreshSession } from '../refresh';
import { readJson, text } from '../request';
import { grantSession } from '../tokens';
import { asAuthAdmin } from '../transaction';
import { findUserByEmail, findUserById } from '../users';
import { requestAud } from '../validation';

const passwordBody = z.looseObject({
	email: text(),
	phone: text(),
	password: text()
});
const refreshBody = z.looseObject({ refresh_token: text() });
const pkceBody = z.looseObject({
	auth_code: text(),
	code_verifier: text()
});

const invalidLogin = () => badRequest('invalid_credentials', 'Invalid login credentials');

async function passwordGrant(request: AuthRequest): Promise<Reply> {
	const { ctx, req, client } = request;
	const body = await readJson(req, passwordBody);
	if (body.email && body.phone) {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided on login.'
		);
	}
	if (body.phone) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
	if (!body.email) throw badRequest('validation_failed', 'missing email or phone');
	if (!ctx.settings.emailProviderEnabled) {
		throw unprocessable('email_provider_disabled', 'Email logins are disabled');
	}
	const user = await findUserByEmail(ctx.db, body.email, requestAud(req));
	if (!user || !user.encrypted_password) throw invalidLogin();
	if (user.banned) throw badRequest('user_banned', 'User is banned');

	const password = body.password ?? '';
	const valid = await verifyPassword(password, user.encrypted_password);
	const hook = ctx.settings.passwordVerificationHook;
	if (hook)
		await runPasswordVerificationHook(ctx.db, hook, { userId: user.id, valid, ip: client.ip });
	if (!valid) throw invalidLogin();
	let weakness: Weakness | undefined;
	try {
		weakness = weaknessOf(password, ctx.settings.password);
	} catch {
		// GoTrue only logs a failed strength check at sign-in.
	}
	if (!user.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed');

	const session = await asAuthAdmin(ctx.db, (tx) =>
		grantSession(tx, ctx, user.id, 'password', client)
	);
	return json(weakness ? { ...session, weak_password: weakness } : session);
}

async function refreshGrant(request: AuthRequest): Promise<Reply> {
	const { ctx, req, client } = request;
	const body = await readJson(req, refreshBody);
	return json(await refreshSession(ctx, body.refresh_token ?? '', client));
}

async function pkceGrant(request: AuthRequest): Promise<Reply> {
	const { ctx, req, client } = request;
	const body = await readJson(req, pkceBody);
	if (!body.auth_code || !body.code_verifier) {
		throw badRequest(
			'validation_failed',
			'invalid request: both auth code and code verifier should be non-empty'
		);
	}
	const { auth_code, code_verifier } = body;
	const session = await asAuthAdmin(ctx.db, async (tx) => {
		const flow = await redeemAuthCode(
			tx,
			auth_code,
			code_verifier,
			ctx.settings.flowStateExpirySeconds
		);
		const userId = flow.user_id as string;
		if (!(await findUserById(tx, userId))) {
			throw notFound('user_not_found', 'User not found');
		}
		const granted = await grantSession(tx, ctx, userId, flow.authentication_method, client);
		await deleteFlowState(tx, flow.id);
		return granted;
	});
	return json(session);
}

const grants: Record<string, (request: AuthRequest) => Promise<Reply>> = {
	password: passwordGrant,
	refresh_token: refreshGrant,
	pkce: pkceGrant,
	id_token: idTokenGrant
};

export async function token(request: AuthRequest): Promise<Reply> {
	const grantType = request.url.searchParams.get('grant_type') ?? '';
	// The web3 grant counts against its own limit, inside its handler.
	if (grantType === 'web3') return web3Grant(request);
	const grant = grants[grantType];
	if (!grant) throw badRequest('invalid_credentials', 'unsupported_grant_type');
	limitRequest(request.ctx.limits.tokenGrants, request.client.ip);
	return grant(request);
}
