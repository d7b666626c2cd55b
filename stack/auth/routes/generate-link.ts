// POST /admin/generate_link (service role only): the link and OTP an email would carry, returned
// instead of sent (signup, invite, magiclink, recovery, email_change_current, email_change_new).
import { z } from 'zod';
import { createEmailUser } from '../accounts';
import { requireAdmin } from '../authenticate';
import { json, type AuthRequest, type Reply } from '../context';
import { badRequest, notFound, unprocessable } from '../errors';
import { actionLink } from '../mail/mailer';
import { hashPassword, requireStrongPassword } from '../passwords';
import { object, readJson, text } from '../request';
import { generateOtp, generatePassword, tokenHash } from '../secrets';
import { asAuthAdmin } from '../transaction';
import { userJson } from '../user-json';
import {
	findDuplicateEmail,
	findUserByEmail,
	findUserById,
	mergeMetadata,
	now,
	saveOneTimeToken,
	updateUser,
	type UserRow
} from '../users';
import { emailRedirect, requestAud, validateEmail } from '../validation';

const linkBody = z.looseObject({
	type: text(),
	email: text(),
	new_email: text(),
	password: text(),
	data: object(),
	redirect_to: text()
});

const linkTypes = [
	'signup',
	'invite',
	'magiclink',
	'recovery',
	'email_change_current',
	'email_change_new'
];

export async function generateLink(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url } = request;
	const { settings } = ctx;
	await requireAdmin(ctx, req);
	const body = await readJson(req, linkBody);
	const email = validateEmail(body.email);
	const redirectTo =
		body.redirect_to && settings.redirects.allows(body.redirect_to)
			? body.redirect_to
			: emailRedirect(settings, req, url);
	const aud = requestAud(req);
	const existing = await findUserByEmail(ctx.db, email, aud);

	let type = body.type ?? '';
	let password = body.password ?? '';
	if (!existing) {
		if (type === 'magiclink') {
			type = 'signup';
			password = generatePassword();
		} else if (['recovery', 'email_change_current', 'email_change_new'].includes(type)) {
			throw notFound('user_not_found', 'User with this email not found');
		}
	}
	if (!linkTypes.includes(type)) {
		throw badRequest('validation_failed', `Invalid email action link type requested: ${type}`);
	}
	let passwordHash = '';
	if (type === 'signup' && !existing) {
		if (!password) throw badRequest('validation_failed', 'Signup requires a valid password');
		requireStrongPassword(password, settings.password);
		passwordHash = await hashPassword(password);
	}
	const newEmail =
		type === 'email_change_current' || type === 'email_change_new'
			? validateEmail(body.new_email)
			: undefined;
	if (type === 'email_change_current' && !settings.secureEmailChange) {
		throw badRequest(
			'validation_failed',
			'Enable secure email change to generate link for current email'
		);
	}

	const otp = generateOtp(settings.otpLength);
	const hashed = tokenHash(email, otp);
	const data = body.data ?? {};

	const { user, linkToken } = await asAuthAdmin(ctx.db, async (tx) => {
		const confirmedExists = () =>
			unprocessable('email_exists', 'A user with this email address has already been registered');
		let id = existing?.id;
		let token = hashed;
		switch (type) {
			case 'magiclink':
			case 'recovery':
				await updateUser(tx, id as string, { recovery_token: hashed, recovery_sent_at: now });
				await saveOneTimeToken(tx, id as string, 'recovery_token', hashed, email);
				break;
			case 'invite':
			case 'signup':
				if (existing?.email_confirmed_at) throw confirmedExists();
				if (existing && type === 'signup') {
					await mergeMetadata(tx, existing.id, 'raw_user_meta_data', data);
				}
				id ??= await createEmailUser(tx, { email, passwordHash, data, aud });
				await updateUser(tx, id, {
					confirmation_token: hashed,
					confirmation_sent_at: now,
					...(type === 'invite' && { invited_at: now })
				});
				await saveOneTimeToken(tx, id, 'confirmation_token', hashed, email);
				break;
			default: {
				const target = newEmail as string;
				if (await findDuplicateEmail(tx, target, aud, id)) throw confirmedExists();
				const current = type === 'email_change_current';
				token = current ? hashed : tokenHash(target, otp);
				await updateUser(tx, id as string, {
					email_change: target,
					email_change_sent_at: now,
					email_change_confirm_status: 0,
					...(current ? { email_change_token_current: token } : { email_change_token_new: token })
				});
				await saveOneTimeToken(
					tx,
					id as string,
					current ? 'email_change_token_current' : 'email_change_token_new',
					token,
					current ? email : target
				);
			}
		}
		return { user: (await findUserById(tx, id as string)) as UserRow, linkToken: token };
	});

	const linkType = type.startsWith('email_change') ? 'email_change' : type;
	return json({
		...userJson(user),
		action_link: actionLink(ctx.mailer.apiUrl, linkToken, linkType, redirectTo),
		email_otp: otp,
		hashed_token: hashed,
		verification_type: type,
		redirect_to: redirectTo
	});
}
