// The refresh_token grant with GoTrue's rotation rules: each use revokes the token and issues its
// child; the revoked parent of the active token may be replayed (the client lost the answer) and
// gets the active token back; any other revoked token is accepted only within
// `refresh_token_reuse_interval` of its revocation, after which the whole family is revoked.
import type { AuthContext } from './context';
import { badRequest } from './errors';
import { generateRefreshToken } from './secrets';
import type { AmrEntry, ClientInfo } from './sessions';
import { issueAccessToken, sessionResponse, type SessionResponse } from './tokens';
import { asAuthAdmin } from './transaction';
import { normalize, userColumns, type UserRow } from './users';

/** The token, its session's state and its user, in one row. */
type TokenRow = UserRow & {
	token_id: number;
	token_user_id: string;
	revoked: boolean;
	session_id: string | null;
	/** Seconds since the token row last changed (its revocation, for a revoked token). */
	idle_seconds: number;
	session_found: boolean;
	session_over: boolean;
	amr: AmrEntry[];
	/** False when the token's user is gone. */
	user_found: boolean;
};

function validateRefreshToken(token: string): void {
	if (token.length !== 12 || !/^[a-z0-9]{12}$/.test(token)) {
		// Longer tokens are GoTrue's second format, which the local stack never issues.
		throw badRequest('validation_failed', 'Refresh token is not valid');
	}
}

export async function refreshSession(
	ctx: AuthContext,
	refreshToken: string,
	client: ClientInfo
): Promise<SessionResponse> {
	validateRefreshToken(refreshToken);
	const { settings } = ctx;

	const outcome = await asAuthAdmin(ctx.db, async (tx) => {
		const { rows } = await tx.query<TokenRow>(
			`select rt.id::int as token_id, rt.user_id as token_user_id, rt.revoked,
				rt.session_id::text as session_id,
				extract(epoch from now() - rt.updated_at)::float8 as idle_seconds,
				s.id is not null as session_found,
				coalesce(s.not_after < now(), false) as session_over,
				(select coalesce(jsonb_agg(jsonb_build_object('method', c.authentication_method,
					'timestamp', floor(extract(epoch from c.updated_at))::int8) order by c.updated_at desc), '[]')
				 from auth.mfa_amr_claims c where c.session_id = rt.session_id) as amr,
				u.id is not null as user_found, ${userColumns}
			 from auth.refresh_tokens rt
			 left join auth.sessions s on s.id = rt.session_id
			 left join auth.users u on u.id = rt.user_id::uuid
			 where rt.token = $1 for update of rt`,
			[refreshToken]
		);
		const token = rows[0];
		if (!token?.user_found) {
			throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
		}
		const user = normalize(token);
		if (user.banned) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
		if (!token.session_id || !token.session_found) {
			throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found');
		}
		if (token.session_over) {
			throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
		}

		let issued: string | undefined;
		if (token.revoked) {
			const active = await tx.query<{ token: string; parent: string | null }>(
				`select token, parent from auth.refresh_tokens
				 where session_id = $1 and revoked = false order by id desc limit 1`,
				[token.session_id]
			);
			if (active.rows[0] && active.rows[0].parent === refreshToken) {
				issued = active.rows[0].token;
			} else if (token.idle_seconds > settings.reuseIntervalSeconds) {
				if (settings.rotation) {
					await tx.query(
						`update auth.refresh_tokens set revoked = true, updated_at = now()
						 where session_id = $1 and revoked = false`,
						[token.session_id]
					);
				}
				// The revocation is committed; the caller then answers with the error.
				return { reused: true as const };
			}
		}
		// Revoke and issue the child (unless replaying the active token's parent), and record the
		// refresh on the session, in one statement.
		const child = issued ?? generateRefreshToken();
		await tx.query(
			`with revoke as (
				update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1 and $6
			), child as (
				insert into auth.refresh_tokens (instance_id, token, user_id, parent, session_id, revoked, created_at, updated_at)
				select '00000000-0000-0000-0000-000000000000', $2, $3, $4, $5, false, now(), now() where $6
			)
			update auth.sessions set refreshed_at = now() at time zone 'UTC', updated_at = now(),
				user_agent = nullif($7, ''), ip = nullif($8, '')::inet
			where id = $5`,
			[
				token.token_id,
				child,
				token.token_user_id,
				refreshToken,
				token.session_id,
				issued === undefined,
				client.userAgent,
				client.ip
			]
		);
		const access = await issueAccessToken(
			tx,
			ctx,
			user,
			token.session_id,
			'token_refresh',
			client,
			token.amr
		);
		return { reused: false as const, session: sessionResponse(access, child, user) };
	});
	if (outcome.reused) {
		throw badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used');
	}
	return outcome.session;
}
