// Signing and verifying the stack's HS256 JWTs, with errors that say which way a token failed.
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

export type JwtClaims = JWTPayload & Record<string, unknown>;

export type JwtFailure = 'expired' | 'invalid';

export class JwtError extends Error {
	constructor(
		readonly reason: JwtFailure,
		message: string
	) {
		super(message);
		this.name = 'JwtError';
	}
}

export interface JwtCodec {
	sign(claims: JwtClaims): Promise<string>;
	/** Verifies signature and expiry; `clockToleranceSeconds` allows for skew, as PostgREST does. */
	verify(token: string, options?: { clockToleranceSeconds?: number }): Promise<JwtClaims>;
}

export function createJwtCodec(jwtSecret: string): JwtCodec {
	const secret = new TextEncoder().encode(jwtSecret);
	return {
		sign: (claims) =>
			new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret),
		async verify(token, { clockToleranceSeconds = 0 } = {}) {
			try {
				const { payload } = await jwtVerify(token, secret, {
					algorithms: ['HS256'],
					clockTolerance: clockToleranceSeconds
				});
				return payload as JwtClaims;
			} catch (error) {
				if (error instanceof errors.JWTExpired) throw new JwtError('expired', 'JWT expired');
				const detail = error instanceof Error ? error.message : String(error);
				throw new JwtError('invalid', detail);
			}
		}
	};
}
