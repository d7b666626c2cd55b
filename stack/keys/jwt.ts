// Signing and verifying the stack's JWTs, with errors that say which way a token failed. HS256
// tokens (the legacy API keys, Storage's signed URLs, access tokens of projects without signing
// keys) verify with the JWT secret; ES256 and RS256 tokens with the public key their `kid` names.
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { PublicJwk, SigningKeySet } from './signing-keys';
import { publicKeys } from './signing-keys';

export type JwtClaims = JWTPayload & Record<string, unknown>;

/** `unknown_key`: an asymmetric token whose `kid` names no key the project has (or has removed). */
export type JwtFailure = 'expired' | 'invalid' | 'unknown_key';

export class JwtError extends Error {
	constructor(
		readonly reason: JwtFailure,
		message: string,
		/** The token's header, when it could be read. */
		readonly header: { alg?: string; kid?: string } = {}
	) {
		super(message);
		this.name = 'JwtError';
	}
}

export interface VerifyOptions {
	/** Allows for skew, as PostgREST does. */
	clockToleranceSeconds?: number;
	/** The HMAC algorithms accepted with the secret (GoTrue and PostgREST: HS256; Realtime: HS*). */
	hmacAlgorithms?: string[];
}

export interface JwtCodec {
	/** Signs with the project's JWT secret (HS256), as Storage's URL tokens and the legacy keys are. */
	sign(claims: JwtClaims): Promise<string>;
	/**
	 * Signs a user's access token as GoTrue does: with the current signing key, its `alg` and `kid`,
	 * or with the JWT secret (HS256, no `kid`) when the project has no signing keys.
	 */
	signAccessToken(claims: JwtClaims): Promise<string>;
	/** Verifies signature and expiry. */
	verify(token: string, options?: VerifyOptions): Promise<JwtClaims>;
	/** The public keys, as GET /auth/v1/.well-known/jwks.json lists them. */
	readonly jwks: { keys: PublicJwk[] };
}

const noKeys: SigningKeySet = { current: undefined, byKid: new Map() };

export function createJwtCodec(jwtSecret: string, keySet: SigningKeySet = noKeys): JwtCodec {
	const secret = new TextEncoder().encode(jwtSecret);
	const signWithSecret = (claims: JwtClaims) =>
		new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
	const { current } = keySet;

	return {
		sign: signWithSecret,
		signAccessToken: current
			? (claims) =>
					new SignJWT(claims)
						.setProtectedHeader({ alg: current.alg, kid: current.kid, typ: 'JWT' })
						.sign(current.privateKey)
			: signWithSecret,
		jwks: { keys: publicKeys(keySet) },
		async verify(token, { clockToleranceSeconds = 0, hmacAlgorithms = ['HS256'] } = {}) {
			let header: { alg?: string; kid?: string };
			try {
				header = decodeProtectedHeader(token);
			} catch (error) {
				throw new JwtError('invalid', (error as Error).message);
			}
			const symmetric = typeof header.alg === 'string' && header.alg.startsWith('HS');
			const key = symmetric ? undefined : keySet.byKid.get(header.kid ?? '');
			if (!symmetric && !key) {
				throw new JwtError(
					'unknown_key',
					`no signing key with kid ${header.kid === undefined ? '(none)' : `"${header.kid}"`} for ${header.alg}`,
					header
				);
			}
			try {
				const { payload } = await jwtVerify(token, key?.publicKey ?? secret, {
					algorithms: key ? [key.alg] : hmacAlgorithms,
					clockTolerance: clockToleranceSeconds
				});
				return payload as JwtClaims;
			} catch (error) {
				if (error instanceof errors.JWTExpired)
					throw new JwtError('expired', 'JWT expired', header);
				const detail = error instanceof Error ? error.message : String(error);
				throw new JwtError('invalid', detail, header);
			}
		}
	};
}
