// Verifies the JWTs Realtime is given (the socket's apikey, a channel's access_token) the way
// Supabase Realtime does: an HS signature with the JWT secret or an ES256/RS256 one with the key its
// `kid` names, `exp` still ahead, and the `role` and `exp` claims present. Failures carry Supabase's
// wording, which differs by where the token was presented.
import { decodeJwt } from 'jose';
import { JwtError, type JwtCodec } from '../keys';

export interface Claims {
	role: string;
	exp: number;
	sub?: string;
	[claim: string]: unknown;
}

export type TokenFailure = 'expired' | 'missing_claims' | 'malformed' | 'signature' | 'signer';

export type TokenCheck =
	{ ok: true; claims: Claims } | { ok: false; failure: TokenFailure; message: string };

export type TokenVerifier = (token: string) => Promise<TokenCheck>;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const hmacAlgorithms = ['HS256', 'HS384', 'HS512'];

export function createTokenVerifier(jwt: JwtCodec): TokenVerifier {
	return async (token) => {
		let peeked: Record<string, unknown>;
		try {
			peeked = decodeJwt(token);
		} catch {
			return { ok: false, failure: 'malformed', message: 'The token provided is not a valid JWT' };
		}
		try {
			await jwt.verify(token, { hmacAlgorithms });
		} catch (error) {
			const reason = error instanceof JwtError ? error.reason : 'invalid';
			if (reason === 'expired') {
				const ago = nowSeconds() - Number(peeked.exp);
				return { ok: false, failure: 'expired', message: `Token has expired ${ago} seconds ago` };
			}
			if (reason === 'unknown_key') {
				const kid = (error as JwtError).header.kid;
				return {
					ok: false,
					failure: 'signer',
					message:
						kid === undefined
							? 'Failed to generate JWT signer, check your JWT secret or JWKS configuration'
							: `Failed to generate JWT signer for key ID (kid) ${JSON.stringify(kid)}, check your JWT secret or JWKS configuration`
				};
			}
			if (/signature/i.test((error as Error).message))
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

export function joinReason(check: Extract<TokenCheck, { ok: false }>): string {
	const code = {
		expired: 'InvalidJWTToken',
		missing_claims: 'InvalidJWTToken',
		malformed: 'MalformedJWT',
		signature: 'JwtSignatureError',
		signer: 'JwtSignerError'
	}[check.failure];
	return `${code}: ${check.message}`;
}

/** The handshake's 401 body text: shorter for an expired token, as Supabase's socket answers. */
export const handshakeMessage = (check: Extract<TokenCheck, { ok: false }>) =>
	check.failure === 'expired' ? 'Token has expired' : check.message;

/** Milliseconds until the token's `exp`, as the channel's re-check timer uses it. */
export const msUntilExpiry = (claims: Claims) => claims.exp * 1000 - Date.now();
