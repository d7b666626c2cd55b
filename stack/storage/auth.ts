// Who is calling: the request's JWT verified with the project's keys, as Storage's jwt plugin does.
// The gateway has already turned API keys into JWTs, so an anon-key call arrives as role `anon`.
import type { IncomingMessage } from 'node:http';
import { JwtError, type JwtClaims, type JwtCodec } from '../keys';
import { storageErrors } from './errors';

const databaseRoles = ['anon', 'authenticated', 'service_role'] as const;
export type DatabaseRole = (typeof databaseRoles)[number];

export interface Caller {
	role: DatabaseRole;
	claims: JwtClaims;
	/** The raw token, for `request.jwt`. */
	token: string;
	/** `sub`, recorded as the owner of what the caller uploads. */
	owner: string | undefined;
	/** False when a route that tolerates it got no valid JWT (Storage's `isAuthenticated`). */
	authenticated: boolean;
}

/** Storage's own identity for work it does past RLS (the service key user). */
export const serviceCaller: Caller = {
	role: 'service_role',
	claims: { role: 'service_role' },
	token: '',
	owner: undefined,
	authenticated: true
};

const anonymous: Caller = {
	role: 'anon',
	claims: { role: 'anon' },
	token: '',
	owner: undefined,
	authenticated: false
};

const bearer = (value: string | undefined) => (value ?? '').replace(/^bearer\s+/i, '').trim();

// jose's wording, which Storage passes on; the codec words expiry and unknown keys its own way.
function failureMessage(error: unknown): string {
	if (error instanceof JwtError && error.reason === 'expired')
		return '"exp" claim timestamp check failed';
	if (error instanceof JwtError && error.reason === 'unknown_key')
		return 'no applicable key found in the JSON Web Key Set';
	return error instanceof Error ? error.message : String(error);
}

export interface AuthenticateOptions {
	/** Routes such as `GET /object/<bucket>/<path>` serve public buckets without a valid JWT. */
	allowInvalid?: boolean;
}

export async function authenticate(
	req: IncomingMessage,
	jwt: JwtCodec,
	{ allowInvalid = false }: AuthenticateOptions = {}
): Promise<Caller> {
	const token = bearer(req.headers.authorization);
	if (!token && allowInvalid) return anonymous;

	let claims: JwtClaims;
	try {
		if (!token) throw new JwtError('invalid', 'Invalid Compact JWS');
		claims = await jwt.verify(token);
	} catch (error) {
		if (allowInvalid) return anonymous;
		throw storageErrors.accessDenied(failureMessage(error));
	}

	const role = typeof claims.role === 'string' ? claims.role : 'anon';
	if (!(databaseRoles as readonly string[]).includes(role))
		throw storageErrors.accessDenied(
			`Access denied: the local stack switches only to the roles ${databaseRoles.join(', ')}, not "${role}"`,
			403
		);
	return {
		role: role as DatabaseRole,
		claims,
		token,
		owner: typeof claims.sub === 'string' ? claims.sub : undefined,
		authenticated: true
	};
}

/** Storage's guard for service-only routes such as emptying a bucket. */
export function assertServiceRole(caller: Caller): void {
	if (caller.role !== 'service_role')
		throw storageErrors.accessDenied('Access denied: Invalid role', 403);
}
