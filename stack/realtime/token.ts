// Verifies the JWTs Realtime is given (the socket's apikey, a channel's access_token) the way
// Supabase Realtime does: HS signature, `exp` still ahead, and the `role` and `exp` claims present.
// Failures carry Supabase's wording, which differs by where the token was presented.
import { decodeJwt, errors, jwtVerify } from 'jose';

export interface Claims {
	role: string;
	exp: number;
	sub?: string;
	[claim: string]: unknown;
}

export type TokenFailure = 'expired' | 'missing_claims' | 'malformed' | 'signature';

export type TokenCheck =
	{ ok: true; claims: Claims } | { ok: false; failure: TokenFailure; message: string };

export type TokenVerifier = (token: string) => Promise<TokenCheck>;

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function createTokenVerifier(jwtSecret: string): TokenVerifier {
	const secret = new TextEncoder().encode(jwtSecret);
	return async (token) => {
		let peeked: Record<string, unknown>;
		try {
			peeked = decodeJwt(token);
		} catch {
			return { ok: false, failure: 'malformed', message: 'The token provided is not a valid JWT' };
		}
		try {
			await jwtVerify(token, secret, { algorithms: ['HS256', 'HS384', 'HS512'] });
		} catch (error) {
			if (error instanceof errors.JWTExpired) {
				const ago = nowSeconds() - Number(peeked.exp);
				return { ok: false, failure: 'expired', message: `Token has expired ${ago} seconds ago` };
			}
			if (error instanceof errors.JWSSignatureVerificationFailed)
				return { ok: false, failure: 'signature', message: 'Failed to validate JWT signature' };
			return { ok: false, failure: 'malformed', message: 'The token provided is not a valid JWT' };
		}
		if (typeof peeked.role !== 'string' || !Number.isInteger(peeked.exp))
			return {
				ok: false,
				failure: 'missing_claims',
				message: 'Fields `role` and `exp` are required in JWT'
			};
		return { ok: true, claims: peeked as Claims };
	};
}

/** A join's error reason: Supabase prefixes the message with the log code of its failure. */
export function joinReason(check: Extract<TokenCheck, { ok: false }>): string {
	const code = {
		expired: 'InvalidJWTToken',
		missing_claims: 'InvalidJWTToken',
		malformed: 'MalformedJWT',
		signature: 'JwtSignatureError'
	}[check.failure];
	return `${code}: ${check.message}`;
}

/** The handshake's 401 body text: shorter for an expired token, as Supabase's socket answers. */
export const handshakeMessage = (check: Extract<TokenCheck, { ok: false }>) =>
	check.failure === 'expired' ? 'Token has expired' : check.message;

/** Milliseconds until the token's `exp`, as the channel's re-check timer uses it. */
export const msUntilExpiry = (claims: Claims) => claims.exp * 1000 - Date.now();
