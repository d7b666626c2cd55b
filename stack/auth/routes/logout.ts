// POST /logout?scope=global|local|others: ends the caller's sessions (their refresh tokens go with
// them); access tokens already issued stay valid until they expire, as with GoTrue.
import { requireUser } from '../authenticate';
import { empty, type AuthRequest, type Reply } from '../context';
import { badRequest } from '../errors';
import { endAllSessions, endOtherSessions, endSession } from '../sessions';
import { asAuthAdmin } from '../transaction';

export async function logout(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url } = request;
	const { user, sessionId } = await requireUser(ctx, req);
	const scope = url.searchParams.get('scope') || 'global';
	if (!['global', 'local', 'others'].includes(scope)) {
		throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`);
	}
	await asAuthAdmin(ctx.db, async (tx) => {
		if (sessionId && scope === 'local') return endSession(tx, sessionId);
		if (sessionId && scope === 'others') return endOtherSessions(tx, user.id, sessionId);
		return endAllSessions(tx, user.id);
	});
	return empty(204);
}
