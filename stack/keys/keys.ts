// The API keys and the JWT secret: the Supabase CLI's well-known local defaults, so code written for
// `supabase start` works unchanged, and the opaque `sb_` keys translated to the JWTs they stand for.
import { SignJWT } from 'jose';

export const defaultJwtSecret = 'super-secret-jwt-token-with-at-least-32-characters-long';
const defaultPublishableKey = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';
const defaultSecretKey = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';

/** The legacy keys expire in 2032, as the CLI's do. */
const legacyKeyExpiry = 1983812996;

export interface StackKeys {
	jwtSecret: string;
	anon: string;
	serviceRole: string;
	publishable: string;
	secret: string;
}

const signKey = (role: 'anon' | 'service_role', secret: Uint8Array) =>
	new SignJWT({ iss: 'supabase-demo', role, exp: legacyKeyExpiry })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.sign(secret);

export async function createKeys(jwtSecret = defaultJwtSecret): Promise<StackKeys> {
	const secret = new TextEncoder().encode(jwtSecret);
	return {
		jwtSecret,
		anon: await signKey('anon', secret),
		serviceRole: await signKey('service_role', secret),
		publishable: defaultPublishableKey,
		secret: defaultSecretKey
	};
}

/**
 * The JWT an opaque key stands for (publishable -> anon, secret -> service_role), the token itself
 * for anything else, or undefined for an `sb_` key this stack did not issue.
 */
export function translateKey(keys: StackKeys, token: string): string | undefined {
	if (token === keys.publishable) return keys.anon;
	if (token === keys.secret) return keys.serviceRole;
	if (token.startsWith('sb_')) return undefined;
	return token;
}
