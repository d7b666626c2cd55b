// The app's claims verifier against auth-js's own getClaims(): for every token, valid or not, both
// read the same session through @supabase/ssr and must give the same answer (or throw the same
// error); a valid ES256/RS256 token is decided here without a request to the Auth server.
import { createServerClient, stringToBase64URL } from '@supabase/ssr';
import { AuthError } from '@supabase/supabase-js';
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClaimsVerifier, refetchIntervalMs, type ClaimsResult } from './claims-verifier';
import { serverRealtime } from './server-realtime';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const legacySecret = 'super-secret-jwt-token-with-at-least-32-characters-long';

const publicJwk = (key: KeyObject, kid: string, alg: string) => ({
	...key.export({ format: 'jwk' }),
	kid,
	alg,
	use: 'sig',
	key_ops: ['verify']
});
const ecJwk = publicJwk(ec.publicKey, 'ec-1', 'ES256');
const rsaJwk = publicJwk(rsa.publicKey, 'rsa-1', 'RS256');
const rotatedJwk = publicJwk(otherEc.publicKey, 'ec-2', 'ES256');

type Signer = (data: Buffer) => Buffer;
const es256 =
	(key: KeyObject): Signer =>
	(data) =>
		sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
const rs256 =
	(key: KeyObject): Signer =>
	(data) =>
		sign('sha256', data, key);
const hs256: Signer = (data) => createHmac('sha256', legacySecret).update(data).digest();

const nowSeconds = () => Math.floor(Date.now() / 1000);
const userId = '5d0c3d62-6a65-4a4e-8d1c-3f0b1d1b8c11';
const claims = (extra: Record<string, unknown> = {}) => ({
	sub: userId,
	aud: 'authenticated',
	role: 'authenticated',
	user_role: 'agent',
	email: 'agent@autocrm.test',
	iat: nowSeconds(),
	exp: nowSeconds() + 3600,
	session_id: '0b6f6f8e-2f7a-4b8e-9d0a-6b1f7c2e9a10',
	...extra
});

const segment = (value: unknown) => stringToBase64URL(JSON.stringify(value));
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, signer: Signer) {
	const signed = `${segment({ typ: 'JWT', ...header })}.${segment(payload)}`;
	return `${signed}.${signer(Buffer.from(signed)).toString('base64url')}`;
}

/** A fake Auth server: the published keys, and GET /user answering as `user` says. */
function authServer(keys: object[]) {
	const server = {
		keys,
		user: 'valid' as 'valid' | 'invalid',
		requests: [] as string[],
		fetch: (async (input: RequestInfo | URL) => {
			const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
			server.requests.push(path);
			if (path === '/auth/v1/.well-known/jwks.json') return Response.json({ keys: server.keys });
			if (path === '/auth/v1/user' && server.user === 'valid') {
				return Response.json({ id: userId, aud: 'authenticated', role: 'authenticated' });
			}
			if (path === '/auth/v1/user') {
				return Response.json(
					{
						code: 403,
						error_code: 'bad_jwt',
						msg: 'invalid JWT: unable to parse or verify signature'
					},
					{ status: 403 }
				);
			}
			return Response.json({ msg: 'not expected here' }, { status: 500 });
		}) as typeof fetch
	};
	return server;
}

let project = 0;
// auth-js caches each project's keys process-wide: every test gets a project of its own.
let url: string;
beforeEach(() => {
	url = `http://project-${++project}.test`;
	vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** A request's client, as the app creates it, whose session cookie holds `token`. */
function requestClient(server: ReturnType<typeof authServer>, token: string | null) {
	const session = token && {
		access_token: token,
		refresh_token: 'refresh',
		token_type: 'bearer',
		expires_in: 3600,
		// What the cookie says, which a forged cookie can set as it likes: the token's exp decides.
		expires_at: nowSeconds() + 3600,
		user: { id: userId, aud: 'authenticated' }
	};
	const cookies = session
		? [{ name: `sb-project-${project}-auth-token`, value: `base64-${segment(session)}` }]
		: [];
	return createServerClient(url, 'anon-key', {
		realtime: serverRealtime,
		global: { fetch: server.fetch },
		cookies: { getAll: () => cookies, setAll: () => {} }
	});
}

type Outcome =
	| { data: { claims: unknown; header: unknown; signature: number[] } | null; error: unknown }
	| { thrown: string };

async function outcome(result: Promise<ClaimsResult>): Promise<Outcome> {
	try {
		const { data, error } = await result;
		return {
			data: data && { ...data, signature: [...data.signature] },
			error: error && { name: error.name, message: error.message, status: error.status }
		};
	} catch (thrown) {
		return { thrown: `${(thrown as Error).name}: ${(thrown as Error).message}` };
	}
}

/** auth-js's answer and the verifier's for the same token, each with a fresh server and client. */
async function judge(token: string | null, keys: object[] = [ecJwk, rsaJwk]) {
	const authJsServer = authServer(keys);
	const authJs = await outcome(requestClient(authJsServer, token).auth.getClaims());
	url = `http://project-${++project}.test`;
	const server = authServer(keys);
	const verifier = createClaimsVerifier({ url, apikey: 'anon-key', fetch: server.fetch });
	const ours = await outcome(verifier(requestClient(server, token).auth));
	return { authJs, ours, requests: server.requests };
}

describe('createClaimsVerifier', () => {
	it('verifies ES256 and RS256 tokens itself: one key set fetch, no Auth request per call', async () => {
		for (const [token, payload] of [
			[jwt({ alg: 'ES256', kid: 'ec-1' }, claims(), es256(ec.privateKey)), claims()],
			[jwt({ alg: 'RS256', kid: 'rsa-1' }, claims(), rs256(rsa.privateKey)), claims()]
		] as const) {
			const { authJs, ours } = await judge(token);
			expect(ours).toEqual(authJs);
			expect(ours).toMatchObject({ data: { claims: payload }, error: null });
		}

		const server = authServer([ecJwk]);
		const verifier = createClaimsVerifier({ url, apikey: 'anon-key', fetch: server.fetch });
		const token = jwt({ alg: 'ES256', kid: 'ec-1' }, claims(), es256(ec.privateKey));
		for (let call = 0; call < 3; call++) {
			const { data } = await verifier(requestClient(server, token).auth);
			expect(data?.claims.sub).toBe(userId);
		}
		expect(server.requests).toEqual(['/auth/v1/.well-known/jwks.json']);
	});

	it('refuses an expired token, or one without exp, as auth-js does', async () => {
		for (const [payload, message] of [
			[claims({ exp: nowSeconds() - 1 }), 'JWT has expired'],
			[claims({ exp: undefined }), 'Missing exp claim']
		] as const) {
			const { authJs, ours, requests } = await judge(
				jwt({ alg: 'ES256', kid: 'ec-1' }, payload, es256(ec.privateKey))
			);
			expect(ours).toEqual(authJs);
			expect(ours).toMatchObject({ data: null, error: { name: 'AuthInvalidJwtError', message } });
			expect(requests).not.toContain('/auth/v1/user');
		}
	});

	it('refuses a tampered payload, a tampered signature and another key’s signature', async () => {
		const token = jwt({ alg: 'ES256', kid: 'ec-1' }, claims(), es256(ec.privateKey));
		const [header, , signature] = token.split('.');
		const forgedPayload = `${header}.${segment(claims({ user_role: 'admin' }))}.${signature}`;
		const bytes = Buffer.from(signature, 'base64url');
		bytes[10] ^= 1;
		const forgedSignature = `${token.split('.').slice(0, 2).join('.')}.${bytes.toString('base64url')}`;
		const otherKey = jwt({ alg: 'ES256', kid: 'ec-1' }, claims(), es256(otherEc.privateKey));
		for (const forged of [forgedPayload, forgedSignature, otherKey]) {
			const { authJs, ours, requests } = await judge(forged);
			expect(ours).toEqual(authJs);
			expect(ours).toEqual({
				data: null,
				error: { name: 'AuthInvalidJwtError', message: 'Invalid JWT signature', status: 400 }
			});
			expect(requests).not.toContain('/auth/v1/user');
		}
	});

	it('throws as auth-js does for an alg it cannot verify with the kid’s key', async () => {
		// The EC key's signature, DER-encoded as node:crypto would check an RS256 one.
		const der: Signer = (data) => sign('sha256', data, ec.privateKey);
		for (const [header, signer] of [
			[{ alg: 'ES384', kid: 'ec-1' }, es256(ec.privateKey)],
			[{ alg: 'none', kid: 'ec-1' }, () => Buffer.alloc(0)],
			// alg confusion: an RS256 token checked with the EC key
			[{ alg: 'RS256', kid: 'ec-1' }, es256(ec.privateKey)],
			[{ alg: 'RS256', kid: 'ec-1' }, der],
			[{ alg: 'ES256', kid: 'rsa-1' }, rs256(rsa.privateKey)]
		] as const) {
			const { authJs, ours } = await judge(jwt(header, claims(), signer));
			expect(ours).toEqual(authJs);
			expect(ours).toHaveProperty('thrown');
		}
	});

	it('asks the Auth server about HS256 tokens and unknown kids, trusting only its yes', async () => {
		const tokens = [
			jwt({ alg: 'HS256' }, claims(), hs256),
			// HS256 naming a published kid: still the Auth server's to judge, never the EC key's
			jwt({ alg: 'HS256', kid: 'ec-1' }, claims(), hs256),
			jwt({ alg: 'ES256', kid: 'removed' }, claims(), es256(otherEc.privateKey))
		];
		for (const token of tokens) {
			for (const user of ['valid', 'invalid'] as const) {
				const authJsServer = authServer([ecJwk]);
				authJsServer.user = user;
				const authJs = await outcome(requestClient(authJsServer, token).auth.getClaims());
				url = `http://project-${++project}.test`;
				const server = authServer([ecJwk]);
				server.user = user;
				const verifier = createClaimsVerifier({ url, apikey: 'anon-key', fetch: server.fetch });
				const ours = await outcome(verifier(requestClient(server, token).auth));
				expect(ours).toEqual(authJs);
				expect(server.requests.filter((path) => path === '/auth/v1/user')).toHaveLength(1);
				expect(ours).toMatchObject(
					user === 'valid'
						? { data: { claims: { sub: userId } }, error: null }
						: { data: null, error: { status: 403 } }
				);
			}
		}
	});

	it('answers a request without a session as auth-js does', async () => {
		const { authJs, ours, requests } = await judge(null);
		expect(ours).toEqual(authJs);
		expect(ours).toEqual({ data: null, error: null });
		expect(requests).toEqual([]);
	});

	it('answers an auth error thrown while reading the session, and throws anything else', async () => {
		const server = authServer([ecJwk]);
		const verifier = createClaimsVerifier({ url, apikey: 'anon-key', fetch: server.fetch });
		const lockTimeout = new AuthError('Acquiring the session lock timed out', 500, 'lock_timeout');
		const failing = (thrown: Error) => ({
			getSession: () => Promise.reject(thrown),
			getClaims: () => Promise.reject(new Error('not asked'))
		});
		expect(await verifier(failing(lockTimeout))).toEqual({ data: null, error: lockTimeout });
		await expect(verifier(failing(new TypeError('storage broke')))).rejects.toThrow(
			'storage broke'
		);
	});

	it('fetches the key set again for a new kid, at most once per interval', async () => {
		let now = Date.now();
		const server = authServer([ecJwk]);
		const verifier = createClaimsVerifier({
			url,
			apikey: 'anon-key',
			fetch: server.fetch,
			now: () => now
		});
		const rotated = jwt({ alg: 'ES256', kid: 'ec-2' }, claims(), es256(otherEc.privateKey));
		const jwksFetches = () => server.requests.filter((path) => path.endsWith('/jwks.json')).length;

		await verifier(
			requestClient(server, jwt({ alg: 'ES256', kid: 'ec-1' }, claims(), es256(ec.privateKey))).auth
		);
		expect(jwksFetches()).toBe(1);
		server.keys = [ecJwk, rotatedJwk];
		// Within the interval the new kid goes to auth-js, which fetches the keys itself.
		const early = await verifier(requestClient(server, rotated).auth);
		expect(early.data?.claims.sub).toBe(userId);
		const afterEarly = server.requests.length;

		now += refetchIntervalMs;
		const { data } = await verifier(requestClient(server, rotated).auth);
		expect(data?.claims.sub).toBe(userId);
		expect(server.requests.slice(afterEarly)).toEqual(['/auth/v1/.well-known/jwks.json']);
		await verifier(requestClient(server, rotated).auth);
		expect(server.requests.slice(afterEarly)).toEqual(['/auth/v1/.well-known/jwks.json']);
	});
});
