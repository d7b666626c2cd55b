// Spending the token of an emailed link or OTP, as GoTrue's /verify does: find its user, check it
// has not expired, then confirm the sign-up or invite, complete the recovery or magic link, or
// apply the email change. Tokens are single-use: each verification clears them.
import type { Queryable } from '../db';
import {
	applyEmailChange,
	changePassword,
	confirmEmail,
	refreshProviders,
	verifyEmailIdentity
} from './accounts';
import type { AuthContext } from './context';
import { badRequest, forbidden } from './errors';
import { hashPassword } from './passwords';
import { generatePassword } from './secrets';
import type { AuthenticationMethod } from './sessions';
import {
	clearOneTimeTokens,
	findUserByEmail,
	findUserById,
	findUserByOneTimeToken,
	updateUser,
	type UserRow
} from './users';

export type VerifyType = 'signup' | 'invite' | 'recovery' | 'magiclink' | 'email_change' | 'email';

const tokenTypes: Record<VerifyType, string[]> = {
	email: ['confirmation_token', 'recovery_token'],
	signup: ['confirmation_token'],
	invite: ['confirmation_token'],
	recovery: ['recovery_token'],
	magiclink: ['recovery_token'],
	email_change: ['email_change_token_current', 'email_change_token_new']
};

export const isVerifyType = (type: string): type is VerifyType => type in tokenTypes;

/** The `amr` method a PKCE flow started by a link of this type records. */
export const flowMethod: Record<Exclude<VerifyType, 'email'>, AuthenticationMethod> = {
	signup: 'email/signup',
	invite: 'invite',
	recovery: 'recovery',
	magiclink: 'magiclink',
	email_change: 'email_change'
};

const linkExpired = () => forbidden('otp_expired', 'Email link is invalid or has expired');
const otpInvalid = () => forbidden('otp_expired', 'Token has expired or is invalid');

function expired(ctx: AuthContext, sentAt: string | null): boolean {
	return !sentAt || Date.now() > Date.parse(sentAt) + ctx.settings.otpExpirySeconds * 1000;
}

export interface Verified {
	user: UserRow;
	/** `email` resolves to `signup` or `magiclink`, as GoTrue resolves it. */
	type: Exclude<VerifyType, 'email'>;
}

/** The user a link's token hash belongs to (token_hash verification). */
export async function userByTokenHash(
	tx: Queryable,
	ctx: AuthContext,
	type: VerifyType,
	hash: string
): Promise<Verified> {
	const user = await findUserByOneTimeToken(tx, hash, tokenTypes[type]);
	if (!user) throw linkExpired();
	if (user.banned) throw forbidden('user_banned', 'User is banned');
	let resolved: Verified['type'];
	let sentAt: string | null;
	if (type === 'email') {
		const isRecovery = user.recovery_token === hash;
		resolved = isRecovery ? 'magiclink' : 'signup';
		sentAt = isRecovery ? user.recovery_sent_at : user.confirmation_sent_at;
	} else {
		resolved = type;
		sentAt =
			type === 'signup' || type === 'invite'
				? user.confirmation_sent_at
				: type === 'email_change'
					? user.email_change_sent_at
					: user.recovery_sent_at;
	}
	if (expired(ctx, sentAt)) throw linkExpired();
	return { user, type: resolved };
}

/** The user an emailed OTP belongs to (email + token verification). */
export async function userByEmailOtp(
	tx: Queryable,
	ctx: AuthContext,
	type: VerifyType,
	email: string,
	hash: string,
	aud: string
): Promise<Verified> {
	const user =
		type === 'email_change'
			? await findUserForEmailChange(tx, ctx, email, hash)
			: await findUserByEmail(tx, email, aud);
	if (!user) throw otpInvalid();
	if (user.banned) throw forbidden('user_banned', 'User is banned');
	const matches = (expected: string, sentAt: string | null) =>
		expected !== '' && !expired(ctx, sentAt) && (hash === expected || `pkce_${hash}` === expected);
	const confirmation = matches(user.confirmation_token, user.confirmation_sent_at);
	const recovery = matches(user.recovery_token, user.recovery_sent_at);
	switch (type) {
		case 'email':
			if (confirmation) return { user, type: 'signup' };
			if (recovery) return { user, type: 'magiclink' };
			throw otpInvalid();
		case 'signup':
		case 'invite':
			if (confirmation) return { user, type };
			throw otpInvalid();
		case 'recovery':
		case 'magiclink':
			if (recovery) return { user, type };
			throw otpInvalid();
		case 'email_change':
			if (
				matches(user.email_change_token_current, user.email_change_sent_at) ||
				matches(user.email_change_token_new, user.email_change_sent_at)
			) {
				return { user, type };
			}
			throw otpInvalid();
	}
}

async function findUserForEmailChange(
	tx: Queryable,
	ctx: AuthContext,
	email: string,
	hash: string
): Promise<UserRow | undefined> {
	const types = ctx.settings.secureEmailChange
		? ['email_change_token_current', 'email_change_token_new']
		: ['email_change_token_new'];
	const user =
		(await findUserByOneTimeToken(tx, hash, types)) ??
		(await findUserByOneTimeToken(tx, `pkce_${hash}`, types));
	if (!user) return undefined;
	const addresses = [user.email, user.email_change].map((a) => a.toLowerCase());
	return addresses.includes(email.toLowerCase()) ? user : undefined;
}

/** An invited user without a password gets a random one until they choose their own. */
async function signupVerify(tx: Queryable, user: UserRow): Promise<void> {
	if (!user.encrypted_password && user.invited_at) {
		await changePassword(tx, user.id, await hashPassword(generatePassword()));
	}
	await confirmEmail(tx, user.id);
	await verifyEmailIdentity(tx, user);
}

async function recoverVerify(tx: Queryable, user: UserRow): Promise<void> {
	await updateUser(tx, user.id, { recovery_token: '' });
	await clearOneTimeTokens(tx, user.id);
	if (!user.email_confirmed_at) await confirmEmail(tx, user.id);
}

/**
 * With secure email change, the first of the two links only records itself (the result is
 * `pending`); otherwise, or on the second link, the change takes effect.
 */
async function emailChangeVerify(
	tx: Queryable,
	ctx: AuthContext,
	user: UserRow,
	hash: string
): Promise<'pending' | 'done'> {
	if (
		!ctx.settings.autoconfirm &&
		ctx.settings.secureEmailChange &&
		user.email_change_confirm_status === 0 &&
		user.email
	) {
		const current = user.email_change_token_current;
		const spent = current && (current === hash || current === `pkce_${hash}`) ? 'current' : 'new';
		await updateUser(tx, user.id, {
			email_change_confirm_status: 1,
			...(spent === 'current' ? { email_change_token_current: '' } : { email_change_token_new: '' })
		});
		await clearOneTimeTokens(tx, user.id, `email_change_token_${spent}`);
		return 'pending';
	}
	await applyEmailChange(tx, user);
	return 'done';
}

export type Completion = { kind: 'done'; user: UserRow } | { kind: 'pending' };

/** Applies what a verified token stands for, and returns the user as it now is. */
export async function completeVerification(
	tx: Queryable,
	ctx: AuthContext,
	verified: Verified,
	hash: string
): Promise<Completion> {
	const { user, type } = verified;
	switch (type) {
		case 'signup':
		case 'invite':
			await signupVerify(tx, user);
			break;
		case 'recovery':
		case 'magiclink':
			await recoverVerify(tx, user);
			break;
		case 'email_change':
			if ((await emailChangeVerify(tx, ctx, user, hash)) === 'pending') return { kind: 'pending' };
			break;
		default:
			throw badRequest('validation_failed', 'Unsupported verification type');
	}
	await refreshProviders(tx, user.id);
	return { kind: 'done', user: (await findUserById(tx, user.id)) as UserRow };
}
