// The app's getClaims(): the request's access token verified against the project's signing keys, as
// auth-js's getClaims() does, without its per-call costs. auth-js imports the JWK into WebCrypto on
// every call and verifies on the libuv thread pool (a hop to another thread and back, which on busy
// cores is most of a call's tail); here each published key is imported once, with the same
// WebCrypto call auth-js makes (so a key it refuses is refused alike), and tokens are verified
// synchronously with node:crypto.
//
// Only the plain case is decided here: a well-formed token with alg ES256 or RS256, a kid found in
// the published keys, a numeric exp still in the future and a signature that verifies. Everything
// else — no session, HS256 tokens (signed with the legacy JWT secret: GET /auth/v1/user), an unknown
// kid, another alg, expired, a signature that does not verify, odd encodings — is handed to auth-js's
// own getClaims() with the same token, so those answers stay exactly auth-js's.
import { KeyObject, verify, webcrypto } from 'node:crypto';
import {
	isAuthError,
	type JWK,
	type JwtHeader,
	type JwtPayload,
	type SupabaseClient
} from '@supabase/supabase-js';

type Auth = Pick<SupabaseClient['auth'], 'getSession' | 'getClaims'>;
export type ClaimsResult = Awaited<ReturnType<Auth['getClaims']>>;
export type ClaimsVerifier = (auth: Auth) => Promise<ClaimsResult>;

/** How long a fetched key set is trusted: auth-js's own JWKS cache lifetime. */
export const keySetTtlMs = 10 * 60 * 1000;
/** At most one key set fetch in this long, so unknown kids or an unreachable server cost no more. */
export const refetchIntervalMs = 30 * 1000;

// What auth-js passes WebCrypto for each alg it verifies, and how node:crypto reads the signature
// (JWS carries ECDSA signatures as r‖s, IEEE P1363, as WebCrypto does).
const algorithms = {
	ES256: {
		params: { name: 'ECDSA', namedCurve: 'P-256', hash: { name: 'SHA-256' } },
		dsaEncoding: 'ieee-p1363'
	},
	RS256: {
		params: { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } },
		dsaEncoding: undefined
	}
} as const;
type Alg = keyof typeof algorithms;
const isAlg = (alg: unknown): alg is Alg => alg === 'ES256' || alg === 'RS256';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes of a base64url segment, or null unless it is the one canonical encoding of them. */
function canonicalBytes(segment: string): Buffer | null {
	const bytes = Buffer.from(segment, 'base64url');
	// Buffer skips characters it does not know and ignores leftover bits: both change the text.
	return bytes.toString('base64url') === segment ? bytes : null;
}

function jsonObject(segment: string): Record<string, unknown> | null {
	const bytes = canonicalBytes(segment);
	if (!bytes) return null;
	try {
		const value: unknown = JSON.parse(utf8.decode(bytes));
		return value !== null && typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: null;
	} catch {
		return null;
	}
}

interface KeySet {
	byKid: Map<string, JWK>;
	fetchedAt: number;
}

export interface ClaimsVerifierOptions {
	/** The project URL (PUBLIC_SUPABASE_URL). */
	url: string;
	/** The anon or publishable key, sent as auth-js sends it. */
	apikey: string;
	fetch?: typeof fetch;
	now?: () => number;
}

export function createClaimsVerifier(options: ClaimsVerifierOptions): ClaimsVerifier {
	const { url, apikey, fetch: fetchKeys = fetch, now = Date.now } = options;
	let keySet: KeySet | undefined;
	let fetching: Promise<void> | undefined;
	let lastFetchAt = -Infinity;
	// Per published key object (replaced with each fetch) and alg: the imported key, or null when
	// WebCrypto refused it.
	const imported = new WeakMap<JWK, Map<Alg, Promise<KeyObject | null>>>();

	async function fetchKeySet(): Promise<void> {
		lastFetchAt = now();
		try {
			const response = await fetchKeys(`${url}/auth/v1/.well-known/jwks.json`, {
				headers: { apikey }
			});
			if (!response.ok) return;
			const body: unknown = await response.json();
			const keys = (body as { keys?: unknown } | null)?.keys;
			if (!Array.isArray(keys)) return;
			const byKid = new Map<string, JWK>();
			for (const key of keys as JWK[]) {
				if (key && typeof key.kid === 'string' && !byKid.has(key.kid)) byKid.set(key.kid, key);
			}
			// auth-js keeps no empty set either: with no keys every token goes to the Auth server.
			keySet = byKid.size > 0 ? { byKid, fetchedAt: lastFetchAt } : undefined;
		} catch {
			// Unreachable or not JSON: auth-js meets the same and answers as it does today.
		}
	}

	/** The published key for a kid, fetching the key set when it is missing, stale or lacks the kid. */
	async function publishedKey(kid: string): Promise<JWK | undefined> {
		const fresh = () => (keySet && now() - keySet.fetchedAt < keySetTtlMs ? keySet : undefined);
		const found = fresh()?.byKid.get(kid);
		if (found) return found;
		if (!fetching && now() - lastFetchAt >= refetchIntervalMs) {
			fetching = fetchKeySet().finally(() => (fetching = undefined));
		}
		if (fetching) await fetching;
		return fresh()?.byKid.get(kid);
	}

	function keyObject(jwk: JWK, alg: Alg): Promise<KeyObject | null> {
		let byAlg = imported.get(jwk);
		if (!byAlg) imported.set(jwk, (byAlg = new Map()));
		let key = byAlg.get(alg);
		if (!key) {
			key = webcrypto.subtle
				.importKey('jwk', jwk as webcrypto.JsonWebKey, algorithms[alg].params, true, ['verify'])
				.then((cryptoKey) => KeyObject.from(cryptoKey))
				.catch(() => null);
			byAlg.set(alg, key);
		}
		return key;
	}

	/** The verified claims, or null when auth-js is to decide. */
	async function verifyHere(token: string): Promise<ClaimsResult | null> {
		const parts = token.split('.');
		if (parts.length !== 3) return null;
		const [rawHeader, rawPayload, rawSignature] = parts;
		const header = jsonObject(rawHeader);
		const payload = jsonObject(rawPayload);
		const signature = canonicalBytes(rawSignature);
		if (!header || !payload || !signature) return null;
		const { alg, kid } = header;
		if (!isAlg(alg) || typeof kid !== 'string' || kid === '') return null;
		// auth-js's check: exp must be set and later than the current second.
		const { exp } = payload;
		if (typeof exp !== 'number' || exp <= Math.floor(now() / 1000)) return null;

		const jwk = await publishedKey(kid);
		const key = jwk && (await keyObject(jwk, alg));
		if (!key) return null;
		let valid: boolean;
		try {
			valid = verify(
				'sha256',
				Buffer.from(`${rawHeader}.${rawPayload}`),
				{ key, dsaEncoding: algorithms[alg].dsaEncoding },
				signature
			);
		} catch {
			return null;
		}
		if (!valid) return null;
		return {
			data: {
				claims: payload as JwtPayload,
				header: header as JwtHeader,
				signature: new Uint8Array(signature)
			},
			error: null
		};
	}

	return async (auth) => {
		try {
			// The session as auth-js reads it, refreshed first when its token is about to expire.
			const { data, error } = await auth.getSession();
			if (error || !data.session) return { data: null, error };
			const token = data.session.access_token;
			return (await verifyHere(token)) ?? (await auth.getClaims(token));
		} catch (error) {
			// As auth-js's getClaims(): its own errors are answered, anything else is thrown.
			if (isAuthError(error)) return { data: null, error };
			throw error;
		}
	};
}

const verifiers = new Map<string, ClaimsVerifier>();

/** The verifier of a project, one per server process: its key set is shared by every request. */
export function projectClaimsVerifier(project: { url: string; key: string }): ClaimsVerifier {
	const id = `${project.url}\n${project.key}`;
	let verifier = verifiers.get(id);
	if (!verifier) {
		verifier = createClaimsVerifier({ url: project.url, apikey: project.key });
		verifiers.set(id, verifier);
	}
	return verifier;
}
