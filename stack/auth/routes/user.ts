// GET /user and PUT /user: the signed-in user, and changes to their password, metadata and email.
import { z } from 'zod';
import { applyEmailChange, changePassword, ensureEmailIdentity } from '../accounts';
import { requireUser } from '../authenticate';
import { json, type AuthRequest, type Reply } from '../context';
import { sendEmailChange } from '../emails';
import { badRequest, forbidden, unprocessable } from '../errors';
import { createFlowState } from '../flow-state';
import { hashPassword, requireStrongPassword, verifyPassword } from '../passwords';
import { limitRequest } from '../rate-limit';
import { object, readJson, text } from '../request';
import { asAuthAdmin } from '../transaction';
import { userJson } from '../user-json';
import { tokenHash } from '../secrets';
import type { AuthSettings } from '../settings';
import {
	clearOneTimeTokens,
	findDuplicateEmail,
	findUserById,
	mergeMetadata,
	updateUser as updateUserColumns,
	type UserRow
} from '../users';
import { emailRedirect, requestAud, usesPkce, validateEmail, validatePkce } from '../validation';

export async function getUser(request: AuthRequest): Promise<Reply> {
	const { claims, user } = await requireUser(request.ctx, request.req);
	const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
	if (!aud || aud !== requestAud(request.req)) {
		throw badRequest('validation_failed', "Token audience doesn't match request audience");
	}
	return json(userJson(user));
}

const updateBody = z.looseObject({
	email: text(),
	password: text(),
	current_password: text(),
	nonce: text(),
	data: object(),
	app_metadata: object(),
	phone: text(),
	channel: text(),
	code_challenge: text(),
	code_challenge_method: text()
});

/** GoTrue asks for reauthentication when the session is more than a day old. */
const reauthenticationAge = 24 * 60 * 60;

export async function updateUser(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url, client } = request;
	const { user, sessionId } = await requireUser(ctx, req);
	limitRequest(ctx.limits.signInSignUps, client.ip);
	const body = await readJson(req, updateBody);
	const { settings } = ctx;

	const email = body.email ? validateEmail(body.email) : undefined;
	if (body.phone) {
		throw badRequest(
			'phone_provider_disabled',
			'The local stack sends no SMS, so it cannot change phone numbers'
		);
	}
	const password = body.password ?? undefined;
	if (password !== undefined) requireStrongPassword(password, settings.password);
	if (body.app_metadata) {
		throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');
	}
	if (user.is_anonymous && password && !email) {
		throw unprocessable(
			'validation_failed',
			'Updating password of an anonymous user without an email or phone is not allowed'
		);
	}
	if (email && email !== user.email) {
		if (await findDuplicateEmail(ctx.db, email, requestAud(req), user.id)) {
			throw unprocessable(
				'email_exists',
				'A user with this email address has already been registered'
			);
		}
	}
	validatePkce(body);

	let passwordHash: string | undefined;
	const addingFirstPassword = Boolean(password) && !user.encrypted_password;
	let nonce: string | undefined;
	if (password !== undefined) {
		if (
			settings.securePasswordChange &&
			(await sessionAge(request, sessionId)) > reauthenticationAge
		) {
			if (!body.nonce) {
				throw badRequest('reauthentication_needed', 'Password update requires reauthentication');
			}
			checkNonce(settings, user, body.nonce);
			nonce = body.nonce;
		}
		if (
			password &&
			user.encrypted_password &&
			(await verifyPassword(password, user.encrypted_password))
		) {
			throw unprocessable(
				'same_password',
				'New password should be different from the old password.'
			);
		}
		passwordHash = password ? await hashPassword(password) : '';
	}

	const updated = await asAuthAdmin(ctx.db, async (tx) => {
		if (nonce !== undefined) {
			await updateUserColumns(tx, user.id, { reauthentication_token: '' });
			await clearOneTimeTokens(tx, user.id);
		}
		if (passwordHash !== undefined) {
			await changePassword(tx, user.id, passwordHash, sessionId);
			if (addingFirstPassword) await ensureEmailIdentity(tx, user);
		}
		if (body.data) await mergeMetadata(tx, user.id, 'raw_user_meta_data', body.data);
		if (email && email !== user.email) {
			const current = (await findUserById(tx, user.id)) as UserRow;
			if (user.is_anonymous && settings.autoconfirm) {
				await applyEmailChange(tx, { ...current, email_change: email });
			} else {
				const pkce = usesPkce(body);
				if (pkce) await createFlowState(tx, user.id, 'email_change', body);
				await sendEmailChange(tx, ctx, current, email, {
					redirectTo: emailRedirect(settings, req, url),
					pkce
				});
			}
		}
		return (await findUserById(tx, user.id)) as UserRow;
	});
	return json(userJson(updated));
}

/** The emailed reauthentication code, checked as GoTrue's verifyReauthentication checks it. */
function checkNonce(settings: AuthSettings, user: UserRow, nonce: string): void {
	const sentAt = user.reauthentication_sent_at;
	const valid =
		user.reauthentication_token !== '' &&
		sentAt !== null &&
		Date.now() <= Date.parse(sentAt) + settings.otpExpirySeconds * 1000 &&
		tokenHash(user.email, nonce) === user.reauthentication_token;
	if (!valid) {
		throw unprocessable('reauthentication_not_valid', 'Nonce has expired or is invalid');
	}
}

async function sessionAge(request: AuthRequest, sessionId: string | undefined): Promise<number> {
	if (!sessionId) return Infinity;
	const { rows } = await request.ctx.db.query<{ age: number }>(
		`select extract(epoch from now() - created_at)::float8 as age from auth.sessions where id = $1`,
		[sessionId]
	);
	return rows[0]?.age ?? Infinity;
}
