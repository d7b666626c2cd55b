// POST /signup: email sign-up (confirmed at once, or sent a confirmation email when
// `enable_confirmations` is on) and anonymous sign-in when no email or phone is given.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { confirmEmail, createEmailUser } from '../accounts';
import { json, type AuthRequest, type Reply } from '../context';
import { sendConfirmation } from '../emails';
import { badRequest, internal, unprocessable } from '../errors';
import { createFlowState } from '../flow-state';
import { hashPassword, requireStrongPassword } from '../passwords';
import { limitRequest } from '../rate-limit';
import { object, readJson, text } from '../request';
import { grantSession } from '../tokens';
import { asAuthAdmin } from '../transaction';
import { userJson } from '../user-json';
import { findDuplicateEmail, findUserById, insertUser, type UserRow } from '../users';
import {
	emailRedirect,
	requestAud,
	usesPkce,
	validateEmail,
	validatePkce,
	type PkceParams
} from '../validation';

const signupBody = z.looseObject({
	email: text(),
	phone: text(),
	password: text(),
	data: object(),
	channel: text(),
	code_challenge: text(),
	code_challenge_method: text()
});

export interface EmailSignup extends PkceParams {
	email: string;
	/** Refused: the local stack has no SMS provider. */
	phone?: string;
	password: string;
	data: Record<string, unknown>;
}

export type SignupOutcome =
	{ kind: 'created'; userId: string; confirmed: boolean } | { kind: 'exists'; user: UserRow };

/**
 * Registers an email user as GoTrue's Signup does, up to (not including) issuing a session; the
 * magic-link flow reuses it for addresses it has not seen.
 */
export async function signUpWithEmail(
	request: AuthRequest,
	params: EmailSignup
): Promise<SignupOutcome> {
	const { ctx, req, url } = request;
	const { settings } = ctx;
	if (!settings.signupEnabled) {
		throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
	}
	if (!params.password) throw badRequest('validation_failed', 'Signup requires a valid password');
	requireStrongPassword(params.password, settings.password);
	if (params.email && params.phone) {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided on signup.'
		);
	}
	validatePkce(params);
	if (params.phone) {
		// The local stack sends no SMS, as `supabase start` with [auth.sms] disabled.
		throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
	}
	if (!settings.emailProviderEnabled) {
		throw badRequest('email_provider_disabled', 'Email signups are disabled');
	}
	const email = validateEmail(params.email);
	const aud = requestAud(req);
	const existing = await findDuplicateEmail(ctx.db, email, aud);
	if (existing?.email_confirmed_at) return { kind: 'exists', user: existing };

	const passwordHash = existing ? '' : await hashPassword(params.password);
	const redirectTo = emailRedirect(settings, req, url);
	const userId = await asAuthAdmin(ctx.db, async (tx) => {
		const id =
			existing?.id ?? (await createEmailUser(tx, { email, passwordHash, data: params.data, aud }));
		if (settings.autoconfirm) {
			await confirmEmail(tx, id);
		} else {
			if (usesPkce(params)) await createFlowState(tx, id, 'email/signup', params);
			const user = (await findUserById(tx, id)) as UserRow;
			await sendConfirmation(tx, ctx, user, { redirectTo, pkce: usesPkce(params) });
		}
		return id;
	});
	return { kind: 'created', userId, confirmed: settings.autoconfirm };
}

/** What GoTrue answers a repeated sign-up with when confirmations are on: a look-alike user. */
function obfuscatedUser(user: UserRow, data: Record<string, unknown>) {
	const stamp = new Date().toISOString();
	const json = userJson({
		...user,
		id: randomUUID(),
		role: '',
		phone: '',
		email_change: '',
		created_at: stamp,
		updated_at: stamp,
		confirmation_sent_at: stamp,
		last_sign_in_at: null,
		confirmed_at: null,
		email_change_sent_at: null,
		email_confirmed_at: null,
		phone_confirmed_at: null,
		raw_user_meta_data: data,
		raw_app_meta_data: { provider: 'email', providers: ['email'] },
		identities: [],
		factors: []
	});
	return json;
}

async function signInAnonymously(
	request: AuthRequest,
	data: Record<string, unknown>
): Promise<Reply> {
	const { ctx, req, client } = request;
	if (!ctx.settings.signupEnabled) {
		throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
	}
	const session = await asAuthAdmin(ctx.db, async (tx) => {
		let id: string;
		try {
			id = await insertUser(tx, {
				aud: requestAud(req),
				role: 'authenticated',
				email: null,
				phone: null,
				passwordHash: '',
				appMetadata: {},
				userMetadata: data,
				isAnonymous: true
			});
		} catch (error) {
			throw internal('Database error creating anonymous user', error);
		}
		return grantSession(tx, ctx, id, 'anonymous', client);
	});
	return json(session);
}

export async function signup(request: AuthRequest): Promise<Reply> {
	const { ctx, req, client } = request;
	const body = await readJson(req, signupBody);
	const data = body.data ?? {};
	if (!body.email && !body.phone) {
		if (!ctx.settings.anonymousSignInsEnabled) {
			throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
		}
		limitRequest(ctx.limits.anonymousSignIns, client.ip);
		return signInAnonymously(request, data);
	}
	limitRequest(ctx.limits.signInSignUps, client.ip);
	const outcome = await signUpWithEmail(request, {
		email: body.email ?? '',
		phone: body.phone,
		password: body.password ?? '',
		data,
		code_challenge: body.code_challenge,
		code_challenge_method: body.code_challenge_method
	});
	if (outcome.kind === 'exists') {
		if (ctx.settings.autoconfirm) {
			throw unprocessable('user_already_exists', 'User already registered');
		}
		return json(obfuscatedUser(outcome.user, data));
	}
	if (outcome.confirmed) {
		const session = await asAuthAdmin(ctx.db, async (tx) => {
			return grantSession(tx, ctx, outcome.userId, 'password', client);
		});
		return json(session);
	}
	const user = (await findUserById(ctx.db, outcome.userId)) as UserRow;
	const reply = userJson(user);
	if (user.invited_at) Object.assign(reply, { user_metadata: {}, identities: [] });
	return json(reply);
}
