// Who is calling: the bearer JWT verified with the project's keys and, as GoTrue requires, its
// user and session still present in the database; admin endpoints also want an admin role.
import type { IncomingMessage } from 'node:http';
import { JwtError, type JwtClaims } from '../keys';
import type { AuthContext } from './context';
import { AuthError, badRequest, forbidden } from './errors';
import { bearerToken } from './request';
import { sessionExists } from './sessions';
import { findUserById, type UserRow } from './users';

const adminRoles = ['service_role', 'supabase_admin'];
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const nilUuid = '00000000-0000-0000-0000-000000000000';

export interface Caller {
	claims: JwtClaims;
	user: UserRow;
	/** Undefined for tokens without a session (minted by hand, as GoTrue allows). */
	sessionId: string | undefined;
}

// golang-jwt's wording, which GoTrue puts after its own prefix.
function jwtFailure(error: unknown): string {
	if (error instanceof JwtError && error.reason === 'expired') {
		return 'token has invalid claims: token is expired';
	}
	if (error instanceof JwtError && error.reason === 'unknown_key') {
		const { kid = '<nil>', alg } = error.header;
		return `token is unverifiable: error while executing keyfunc: unrecognized JWT kid ${kid} for algorithm ${alg}`;
	}
	const detail = error instanceof Error ? error.message : String(error);
	return /signature/i.test(detail)
		? 'token signature is invalid: signature is invalid'
		: `token is malformed: ${detail}`;
}

async function verifyBearer(ctx: AuthContext, req: IncomingMessage): Promise<JwtClaims> {
	const token = bearerToken(req);
	try {
		return await ctx.jwt.verify(token);
	} catch (error) {
		throw forbidden(
			'bad_jwt',
			`invalid JWT: unable to parse or verify signature, ${jwtFailure(error)}`
		);
	}
}

async function loadCaller(ctx: AuthContext, claims: JwtClaims): Promise<Caller> {
	if (!claims.sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
	if (!uuidPattern.test(claims.sub)) {
		throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
	}
	const user = await findUserById(ctx.db, claims.sub);
	if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');
	const sessionId = typeof claims.session_id === 'string' ? claims.session_id : undefined;
	if (sessionId && sessionId !== nilUuid) {
		if (!uuidPattern.test(sessionId)) {
			throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
		}
		if (!(await sessionExists(ctx.db, sessionId))) {
			throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
		}
		return { claims, user, sessionId };
	}
	return { claims, user, sessionId: undefined };
}

/** The signed-in caller of /user and /logout. */
export async function requireUser(ctx: AuthContext, req: IncomingMessage): Promise<Caller> {
	const caller = await loadCaller(ctx, await verifyBearer(ctx, req));
	if (caller.user.banned) throw forbidden('user_banned', 'User is banned');
	return caller;
}

/** Admin endpoints: a token whose role is service_role or supabase_admin, else 403 not_admin. */
export async function requireAdmin(ctx: AuthContext, req: IncomingMessage): Promise<JwtClaims> {
	const claims = await verifyBearer(ctx, req);
	if (typeof claims.session_id === 'string' && claims.session_id && claims.session_id !== nilUuid) {
		await loadCaller(ctx, claims);
	}
	if (!adminRoles.includes(String(claims.role))) {
		throw new AuthError(403, 'not_admin', 'User not allowed');
	}
	return claims;
}
