// Access tokens and the session response: GoTrue's claim set, signed with the project's current
// signing key (or its JWT secret), passed through the custom access token hook when one is configured.
import type { Queryable } from '../db';
import type { JwtCodec } from '../keys';
import { runAccessTokenHook, type Claims } from './hook';
import {
	amrOf,
	startSession,
	type AmrEntry,
	type AuthenticationMethod,
	type ClientInfo
} from './sessions';
import type { AuthSettings } from './settings';
import { findUserById, type UserRow } from './users';
import { userJson } from './user-json';

export interface TokenIssuer {
	settings: AuthSettings;
	jwt: JwtCodec;
}

export interface AccessToken {
	token: string;
	issuedAt: number;
	expiresAt: number;
}

/** The `amr` methods that prove a second factor: a session holding one is aal2. */
const secondFactors = ['totp', 'mfa/phone', 'mfa/webauthn'];

/** GoTrue's claims for a user's session, in its order. */
function accessTokenClaims(
	settings: AuthSettings,
	user: UserRow,
	sessionId: string,
	amr: AmrEntry[],
	issuedAt: number
): Claims {
	return {
		iss: settings.issuer,
		sub: user.id,
		aud: user.aud,
		exp: issuedAt + settings.jwtExpiry,
		iat: issuedAt,
		email: user.email,
		phone: user.phone,
		app_metadata: user.raw_app_meta_data,
		user_metadata: user.raw_user_meta_data,
		role: user.role,
		aal: amr.some((entry) => secondFactors.includes(entry.method)) ? 'aal2' : 'aal1',
		amr,
		session_id: sessionId,
		is_anonymous: user.is_anonymous
	};
}

/** Signs an access token for the session, inside the grant's transaction (the hook runs there). */
export async function issueAccessToken(
	tx: Queryable,
	issuer: TokenIssuer,
	user: UserRow,
	sessionId: string,
	method: AuthenticationMethod,
	client: ClientInfo,
	amr?: AmrEntry[]
): Promise<AccessToken> {
	const issuedAt = Math.floor(Date.now() / 1000);
	let claims = accessTokenClaims(
		issuer.settings,
		user,
		sessionId,
		amr ?? (await amrOf(tx, sessionId)),
		issuedAt
	);
	if (issuer.settings.hook) {
		claims = await runAccessTokenHook(tx, issuer.settings.hook, {
			userId: user.id,
			claims,
			authenticationMethod: method,
			ip: client.ip
		});
	}
	return {
		token: await issuer.jwt.signAccessToken(claims),
		issuedAt,
		expiresAt: issuedAt + issuer.settings.jwtExpiry
	};
}

export interface SessionResponse {
	access_token: string;
	token_type: 'bearer';
	expires_in: number;
	expires_at: number;
	refresh_token: string;
	user: Record<string, unknown>;
	weak_password?: { message: string; reasons: string[] };
}

export function sessionResponse(
	access: AccessToken,
	refreshToken: string,
	user: UserRow
): SessionResponse {
	return {
		access_token: access.token,
		token_type: 'bearer',
		// GoTrue subtracts the time of its answer, a moment after the token's iat; counting from
		// the iat keeps expires_in whole when signing straddles a second.
		expires_in: access.expiresAt - access.issuedAt,
		expires_at: access.expiresAt,
		refresh_token: refreshToken,
		user: userJson(user)
	};
}

/**
 * Signs a user in: a new session, its first refresh token and an access token, all in `tx`
 * (GoTrue's IssueRefreshToken).
 */
export async function grantSession(
	tx: Queryable,
	issuer: TokenIssuer,
	userId: string,
	method: AuthenticationMethod,
	client: ClientInfo
): Promise<SessionResponse> {
	const session = await startSession(tx, userId, method, client);
	const user = (await findUserById(tx, userId)) as UserRow;
	const access = await issueAccessToken(tx, issuer, user, session.sessionId, method, client);
	return sessionResponse(access, session.refreshToken, user);
}
