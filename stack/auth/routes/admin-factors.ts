// /admin/users/:id/factors (service role only): a user's MFA factors, listed, renamed or removed
// (which drops the sessions that used the factor back to aal1), as GoTrue's admin API does.
import { z } from 'zod';
import { requireAdmin } from '../authenticate';
import { json, type AuthRequest, type Reply } from '../context';
import { deleteFactor, factorJson, renameFactor } from '../mfa/factors';
import { readJsonIfAny, text } from '../request';
import { asAuthAdmin } from '../transaction';
import { loadUser } from './admin-users';
import { loadFactor } from './factors';

export async function listUserFactors(request: AuthRequest): Promise<Reply> {
	await requireAdmin(request.ctx, request.req);
	const user = await loadUser(request);
	return json(user.factors.map(factorJson));
}

export async function deleteUserFactor(request: AuthRequest): Promise<Reply> {
	await requireAdmin(request.ctx, request.req);
	const factor = await loadFactor(request, await loadUser(request));
	await asAuthAdmin(request.ctx.db, (tx) => deleteFactor(tx, factor));
	return json(factorJson(factor));
}

const updateBody = z.looseObject({ friendly_name: text(), phone: text() });

export async function updateUserFactor(request: AuthRequest): Promise<Reply> {
	await requireAdmin(request.ctx, request.req);
	const factor = await loadFactor(request, await loadUser(request));
	const body = await readJsonIfAny(request.req, updateBody);
	const updated = body.friendly_name
		? await asAuthAdmin(request.ctx.db, (tx) => renameFactor(tx, factor.id, body.friendly_name!))
		: factor;
	return json(factorJson(updated));
}
