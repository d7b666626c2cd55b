// POST /invite (service role only): creates the user if needed and emails an invite link; the
// invitee verifies it (type `invite`) and then chooses a password with PUT /user.
import { z } from 'zod';
import { createEmailUser } from '../accounts';
import { requireAdmin } from '../authenticate';
import { json, type AuthRequest, type Reply } from '../context';
import { sendInvite } from '../emails';
import { unprocessable } from '../errors';
import { object, readJson, text } from '../request';
import { asAuthAdmin } from '../transaction';
import { userJson } from '../user-json';
import { findUserByEmail, findUserById, type UserRow } from '../users';
import { emailRedirect, requestAud, validateEmail } from '../validation';

const inviteBody = z.looseObject({
	email: text(),
	data: object()
});

export async function invite(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url } = request;
	await requireAdmin(ctx, req);
	const body = await readJson(req, inviteBody);
	const email = validateEmail(body.email);
	const aud = requestAud(req);
	const existing = await findUserByEmail(ctx.db, email, aud);
	if (existing?.email_confirmed_at) {
		throw unprocessable(
			'email_exists',
			'A user with this email address has already been registered'
		);
	}
	const invited = await asAuthAdmin(ctx.db, async (tx) => {
		const id =
			existing?.id ??
			(await createEmailUser(tx, { email, passwordHash: '', data: body.data ?? {}, aud }));
		const user = (await findUserById(tx, id)) as UserRow;
		await sendInvite(tx, ctx, user, { redirectTo: emailRedirect(ctx.settings, req, url) });
		return (await findUserById(tx, id)) as UserRow;
	});
	return json(userJson(invited));
}
