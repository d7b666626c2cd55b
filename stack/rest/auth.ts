// Who a request runs as: the verified JWT's `role` claim (anon without a token), and its claims, as
// PostgREST decides them (30 s of clock skew, its error codes and messages). Verified tokens are
// cached until they expire, as PostgREST's JWT cache does, so each request does not pay for HMAC or
// ECDSA: by token text, least recently used first out, so the tokens of active sessions stay.
import { LRUCache } from 'lru-cache';
import type { IncomingMessage } from 'node:http';
import { JwtError, type JwtClaims, type JwtCodec } from '../keys';
import { jwtClaimsError, jwtDecodeError, type RestError } from './errors';

export const anonRole = 'anon';
const clockToleranceSeconds = 30;
const cacheLimit = 1000;

export interface AuthResult {
	role: string;
	/** The claims as `request.jwt.claims` shows them, with `role` always present. */
	claims: Record<string, unknown>;
}

export interface Authenticator {
	/** Synchronous for a request without a token and for a cached one: the common case waits for nothing. */
	authenticate(req: IncomingMessage): AuthResult | RestError | Promise<AuthResult | RestError>;
}

// One object for every request without a token, so its claims' JSON is built once (see service.ts).
const anonymous: AuthResult = Object.freeze({
	role: anonRole,
	claims: Object.freeze({ role: anonRole })
});

const bearer = (header: string | undefined) => {
	const match = /^bearer\s*(.*)$/i.exec(header ?? '');
	return match ? match[1].trim() : undefined;
};

/** PostgREST's reading of why a token failed, from the codec's reason and jose's message. */
function toRestError(error: unknown, token: string): RestError {
	const parts = token.split('.').length;
	if (parts !== 3) return jwtDecodeError(`Expected 3 parts in JWT; got ${parts}`);
	if (error instanceof JwtError && error.reason === 'expired') return jwtClaimsError('JWT expired');
	if (error instanceof JwtError && error.reason === 'unknown_key') {
		return jwtDecodeError(
			'No suitable key or wrong key type',
			'None of the keys was able to decode the JWT'
		);
	}
	const detail = error instanceof Error ? error.message : '';
	if (/alg/i.test(detail)) return jwtDecodeError('Wrong or unsupported encoding algorithm', detail);
	if (/nbf|not active/i.test(detail)) return jwtClaimsError('JWT not yet valid');
	if (/iat/i.test(detail)) return jwtClaimsError('JWT issued at future');
	return jwtDecodeError(
		'No suitable key or wrong key type',
		'None of the keys was able to decode the JWT'
	);
}

function roleOf(claims: JwtClaims): string {
	const role = claims.role;
	if (role === undefined || role === null) return anonRole;
	return typeof role === 'string' ? role : JSON.stringify(role);
}

export function createAuthenticator(jwt: JwtCodec): Authenticator {
	// Expiry is checked against Date.now() on every hit (the `exp` claim is wall-clock time), the LRU
	// only bounds the memory.
	const cache = new LRUCache<string, { result: AuthResult; expiresAt: number }>({
		max: cacheLimit
	});

	return {
		authenticate(req) {
			const token = bearer(req.headers.authorization);
			if (token === undefined) return anonymous;
			if (token === '') return jwtDecodeError('Empty JWT is sent in Authorization header');

			const cached = cache.get(token);
			if (cached && cached.expiresAt > Date.now()) return cached.result;
			if (cached) cache.delete(token);
			return verify(token);
		}
	};

	async function verify(token: string): Promise<AuthResult | RestError> {
		let claims: JwtClaims;
		try {
			claims = await jwt.verify(token, { clockToleranceSeconds });
		} catch (error) {
			return toRestError(error, token);
		}
		const role = roleOf(claims);
		const result: AuthResult = { role, claims: { ...claims, role } };
		const expiresAt =
			typeof claims.exp === 'number'
				? (claims.exp + clockToleranceSeconds) * 1000
				: Number.POSITIVE_INFINITY;
		cache.set(token, { result, expiresAt });
		return result;
	}
}
