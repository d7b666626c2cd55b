// Sessions and their refresh tokens in auth.sessions, auth.refresh_tokens and auth.mfa_amr_claims,
// the way GoTrue's first refresh-token format keeps them: one row per token, each child naming its
// parent, all of a session's tokens one family.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db';
import { generateRefreshToken } from './secrets';

/** How a user proved who they are; GoTrue's `amr` methods and hook `authentication_method`s. */
export type AuthenticationMethod =
	| 'password'
	| 'otp'
	| 'recovery'
	| 'invite'
	| 'magiclink'
	| 'email/signup'
	| 'email_change'
	| 'token_refresh'
	| 'anonymous'
	| 'totp';

export interface ClientInfo {
	userAgent: string;
	ip: string;
}

export interface NewSession {
	sessionId: string;
	refreshToken: string;
}

/** Starts a session for `userId` with its first refresh token and its `amr` entry. */
export async function startSession(
	tx: Queryable,
	userId: string,
	method: AuthenticationMethod,
	client: ClientInfo
): Promise<NewSession> {
	const sessionId = randomUUID();
	const refreshToken = generateRefreshToken();
	await tx.query(
		`with session as (
			insert into auth.sessions (id, user_id, aal, user_agent, ip, created_at, updated_at)
			values ($1, $2, 'aal1', nullif($3, ''), nullif($4, '')::inet, now(), now())
		), token as (
			insert into auth.refresh_tokens (instance_id, token, user_id, revoked, session_id, created_at, updated_at)
			values ('00000000-0000-0000-0000-000000000000', $5, $2, false, $1, now(), now())
		), claim as (
			insert into auth.mfa_amr_claims (id, session_id, authentication_method, created_at, updated_at)
			values ($6, $1, $7, now(), now())
		)
		update auth.users set last_sign_in_at = now(), updated_at = now() where id = $2`,
		[sessionId, userId, client.userAgent, client.ip, refreshToken, randomUUID(), method]
	);
	return { sessionId, refreshToken };
}

export interface AmrEntry {
	method: string;
	timestamp: number;
}

/** The session's authentication methods, most recent first, as the `amr` claim lists them. */
export async function amrOf(tx: Queryable, sessionId: string): Promise<AmrEntry[]> {
	const { rows } = await tx.query<AmrEntry>(
		`select authentication_method as method, floor(extract(epoch from updated_at))::int8 as timestamp
		 from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
		[sessionId]
	);
	return rows;
}

export async function sessionExists(q: Queryable, sessionId: string): Promise<boolean> {
	const { rows } = await q.query(`select 1 from auth.sessions where id = $1`, [sessionId]);
	return rows.length > 0;
}

/** Ends every session of a user (logout scope `global`, password changes). */
export async function endAllSessions(tx: Queryable, userId: string): Promise<void> {
	await tx.query(`delete from auth.sessions where user_id = $1`, [userId]);
}

/** Ends one session (logout scope `local`). */
export async function endSession(tx: Queryable, sessionId: string): Promise<void> {
	await tx.query(`delete from auth.sessions where id = $1`, [sessionId]);
}

/** Ends every session of a user but one (logout scope `others`). */
export async function endOtherSessions(
	tx: Queryable,
	userId: string,
	keptSessionId: string
): Promise<void> {
	await tx.query(`delete from auth.sessions where user_id = $1 and id <> $2`, [
		userId,
		keptSessionId
	]);
}

/** The session's assurance level as stored (`aal1`, `aal2`), or null. */
export async function sessionAal(q: Queryable, sessionId: string): Promise<string | null> {
	const { rows } = await q.query<{ aal: string | null }>(
		`select aal::text as aal from auth.sessions where id = $1`,
		[sessionId]
	);
	return rows[0]?.aal ?? null;
}

/**
 * Revokes the session's oldest active refresh token and issues its child, as GoTrue's
 * GrantRefreshTokenSwap does when a session changes level: the token of the aal1 session can no
 * longer be refreshed into the aal2 one.
 */
export async function swapRefreshToken(tx: Queryable, sessionId: string): Promise<string> {
	const child = generateRefreshToken();
	const { rows } = await tx.query<{ token: string }>(
		`with current as (
			select id, token, user_id from auth.refresh_tokens
			where session_id = $1 and revoked = false order by created_at, id limit 1
		), revoke as (
			update auth.refresh_tokens set revoked = true, updated_at = now()
			where id = (select id from current)
		)
		insert into auth.refresh_tokens (instance_id, token, user_id, parent, session_id, revoked, created_at, updated_at)
		select '00000000-0000-0000-0000-000000000000', $2, user_id, token, $1, false, now(), now()
		from current
		returning token`,
		[sessionId, child]
	);
	if (!rows[0]) throw new Error(`session ${sessionId} has no active refresh token`);
	return rows[0].token;
}
