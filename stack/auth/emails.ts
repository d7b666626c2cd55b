// The emails GoTrue sends and the one-time tokens behind them: a fresh OTP, its hash stored on the
// user (`pkce_`-prefixed in the PKCE flow) and in auth.one_time_tokens, and the email in the mailbox.
import type { Queryable } from '../db';
import type { AuthContext } from './context';
import { tooManyRequests } from './errors';
import { sendMail } from './mail/mailer';
import { generateOtp, tokenHash } from './secrets';
import { now, saveOneTimeToken, updateUser, type UserRow } from './users';

export interface EmailOptions {
	redirectTo: string;
	pkce?: boolean;
}

/** `auth.email.max_frequency` between two emails of a kind to one user. */
function checkFrequency(ctx: AuthContext, sentAt: string | null): void {
	if (!sentAt) return;
	const wait = Date.parse(sentAt) + ctx.settings.mailMaxFrequencySeconds * 1000 - Date.now();
	if (wait > 0) {
		throw tooManyRequests(
			'over_email_send_rate_limit',
			`For security purposes, you can only request this after ${Math.floor(wait / 1000)} seconds.`
		);
	}
}

function newToken(ctx: AuthContext, address: string, pkce: boolean | undefined) {
	const otp = generateOtp(ctx.settings.otpLength);
	const hash = tokenHash(address, otp);
	return { otp, hash: pkce ? `pkce_${hash}` : hash };
}

export async function sendConfirmation(
	tx: Queryable,
	ctx: AuthContext,
	user: UserRow,
	options: EmailOptions
): Promise<void> {
	checkFrequency(ctx, user.confirmation_sent_at);
	const { otp, hash } = newToken(ctx, user.email, options.pkce);
	await sendMail(tx, ctx.mailer, {
		type: 'confirmation',
		to: user.email,
		user,
		otp,
		tokenHash: hash,
		redirectTo: options.redirectTo
	});
	await updateUser(tx, user.id, { confirmation_token: hash, confirmation_sent_at: now });
	await saveOneTimeToken(tx, user.id, 'confirmation_token', hash, user.email);
}

export async function sendInvite(
	tx: Queryable,
	ctx: AuthContext,
	user: UserRow,
	options: EmailOptions
): Promise<void> {
	const { otp, hash } = newToken(ctx, user.email, false);
	await sendMail(tx, ctx.mailer, {
		type: 'invite',
		to: user.email,
		user,
		otp,
		tokenHash: hash,
		redirectTo: options.redirectTo
	});
	await updateUser(tx, user.id, {
		confirmation_token: hash,
		confirmation_sent_at: now,
		invited_at: now
	});
	await saveOneTimeToken(tx, user.id, 'confirmation_token', hash, user.email);
}

/** Recovery and magic-link emails share the recovery token and its frequency limit. */
async function sendRecoveryToken(
	tx: Queryable,
	ctx: AuthContext,
	user: UserRow,
	options: EmailOptions,
	type: 'recovery' | 'magic_link'
): Promise<void> {
	checkFrequency(ctx, user.recovery_sent_at);
	const { otp, hash } = newToken(ctx, user.email, options.pkce);
	await sendMail(tx, ctx.mailer, {
		type,
		to: user.email,
		user,
		otp,
		tokenHash: hash,
		redirectTo: options.redirectTo
	});
	await updateUser(tx, user.id, { recovery_token: hash, recovery_sent_at: now });
	await saveOneTimeToken(tx, user.id, 'recovery_token', hash, user.email);
}

export const sendRecovery = (
	tx: Queryable,
	ctx: AuthContext,
	user: UserRow,
	options: EmailOptions
) => sendRecoveryToken(tx, ctx, user, options, 'recovery');

export const sendMagicLink = (
	tx: Queryable,
	ctx: AuthContext,
	user: UserRow,
	options: EmailOptions
) => sendRecoveryToken(tx, ctx, user, options, 'magic_link');

/**
 * Asks the new address to confirm an email change, and the current one too when secure email
 * change (`double_confirm_changes`) is on.
 */
export async function sendEmailChange(
	tx: Queryable,
	ctx: AuthContext,
	user: UserRow,
	newEmail: string,
	options: EmailOptions
): Promise<void> {
	checkFrequency(ctx, user.email_change_sent_at);
	const fresh = newToken(ctx, newEmail, options.pkce);
	const current =
		ctx.settings.secureEmailChange && user.email
			? newToken(ctx, user.email, options.pkce)
			: undefined;
	const pending = { ...user, email_change: newEmail };
	await sendMail(tx, ctx.mailer, {
		type: 'email_change',
		to: newEmail,
		user: pending,
		otp: fresh.otp,
		tokenHash: fresh.hash,
		redirectTo: options.redirectTo
	});
	if (current) {
		await sendMail(tx, ctx.mailer, {
			type: 'email_change',
			to: user.email,
			user: pending,
			otp: current.otp,
			tokenHash: current.hash,
			redirectTo: options.redirectTo
		});
	}
	await updateUser(tx, user.id, {
		email_change: newEmail,
		email_change_token_new: fresh.hash,
		email_change_token_current: current?.hash ?? '',
		email_change_confirm_status: 0,
		email_change_sent_at: now
	});
	await saveOneTimeToken(tx, user.id, 'email_change_token_new', fresh.hash, newEmail);
	if (current) {
		await saveOneTimeToken(tx, user.id, 'email_change_token_current', current.hash, user.email);
	}
}

/** The code GoTrue's /reauthenticate emails, which PUT /user takes as `nonce` for a password change. */
export async function sendReauthentication(
	tx: Queryable,
	ctx: AuthContext,
	user: UserRow
): Promise<void> {
	checkFrequency(ctx, user.reauthentication_sent_at);
	const { otp, hash } = newToken(ctx, user.email, false);
	await sendMail(tx, ctx.mailer, {
		type: 'reauthentication',
		to: user.email,
		user,
		otp,
		tokenHash: hash,
		redirectTo: ctx.settings.siteUrl
	});
	await updateUser(tx, user.id, { reauthentication_token: hash, reauthentication_sent_at: now });
	await saveOneTimeToken(tx, user.id, 'reauthentication_token', hash, user.email);
}
