// Asymmetric JWT signing keys: `[auth] signing_keys_path` as the CLI reads it, access tokens signed
// with the current key and its kid, the public keys at /.well-known/jwks.json, getClaims() verifying
// locally, REST, Realtime and Storage accepting ES256, RS256 and the legacy HS256 keys, and each
// service's own error for a key it does not have.
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeysError } from '../../stack';
import { startTestStack, type TestStack } from '../support/stack';
import {
	cliSigningKey,
	projectWithKeys,
	signWith,
	type Project
} from './fixtures/auth-keys/project';
import { authFetch, jwtHeader, jwtPayload, uniqueEmail } from './fixtures/auth/support';
import { subscribe } from './fixtures/realtime/support';

let project: Project;
let stack: TestStack;
let current: JWK;
let previous: JWK;

beforeAll(async () => {
	current = await cliSigningKey('ES256');
	previous = await cliSigningKey('RS256', ['verify']);
	project = await projectWithKeys([current, previous]);
	stack = await startTestStack({ workdir: project.workdir });
});
afterAll(async () => {
	await stack?.stop();
	await project?.remove();
});

/** A client that counts the Auth API calls it makes, with a storage key of its own. */
function countingClient(target = stack) {
	const calls: string[] = [];
	const client = target.client(target.keys.anon, {
		auth: { storageKey: `keys-${randomUUID()}` },
		global: {
			fetch: (input, init) => {
				calls.push(new URL(String(input instanceof Request ? input.url : input)).pathname);
				return fetch(input, init);
			}
		}
	});
	return { client, calls };
}

async function signedIn(target = stack) {
	const { client, calls } = countingClient(target);
	const { data, error } = await client.auth.signUp({
		email: uniqueEmail('keys'),
		password: 'correct-horse-1'
	});
	if (error || !data.session) throw error ?? new Error('no session');
	return { client, calls, session: data.session };
}

/** A supabase-js client that sends `token` as its bearer to REST, Storage and Realtime. */
function bearerClient(token: string) {
	const client = stack.client(stack.keys.anon, {
		auth: { storageKey: `bearer-${randomUUID()}` },
		global: { headers: { Authorization: `Bearer ${token}` } }
	});
	client.realtime.setAuth(token);
	return client;
}

async function realtimeJoin(token: string) {
	const client = bearerClient(token);
	const status = await subscribe(client.channel(`room-${randomUUID()}`)).next(
		(s) => s.status !== 'CLOSED',
		'the join reply'
	);
	await client.removeAllChannels();
	return status;
}

describe('signing keys from signing_keys_path', () => {
	it('sign access tokens with the current key and its kid', async () => {
		const { session } = await signedIn();
		expect(jwtHeader(session.access_token)).toEqual({
			alg: 'ES256',
			kid: current.kid,
			typ: 'JWT'
		});
		const refreshed = await stack.client().auth.refreshSession({
			refresh_token: session.refresh_token
		});
		expect(jwtHeader(refreshed.data.session!.access_token).kid).toBe(current.kid);
	});

	it('list every public key at /.well-known/jwks.json, without an API key and never a private part', async () => {
		const res = await fetch(`${stack.url}/auth/v1/.well-known/jwks.json`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('public, max-age=600');
		const { keys } = await res.json();
		expect(keys.map((k: JWK) => [k.kid, k.alg, k.kty, k.use, k.key_ops])).toEqual([
			[current.kid, 'ES256', 'EC', 'sig', ['verify']],
			[previous.kid, 'RS256', 'RSA', 'sig', ['verify']]
		]);
		for (const key of keys) {
			for (const part of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(part);
		}
	});

	it('let getClaims() verify locally: one JWKS fetch, no GET /user per call', async () => {
		const { client, calls, session } = await signedIn();
		calls.length = 0;
		for (let i = 0; i < 20; i++) {
			const { data, error } = await client.auth.getClaims();
			expect(error).toBeNull();
			expect(data?.claims).toMatchObject({ sub: session.user.id, aal: 'aal1' });
		}
		expect(calls.filter((path) => path === '/auth/v1/user')).toEqual([]);
		expect(calls.filter((path) => path.endsWith('/jwks.json')).length).toBeLessThanOrEqual(1);
	});

	it('are accepted by REST, Realtime and Storage, as the legacy HS256 keys still are', async () => {
		const { session } = await signedIn();
		const user = bearerClient(session.access_token);
		const me = await user.rpc('whoami');
		expect(me.error).toBeNull();
		expect(me.data).toMatchObject({ sub: session.user.id, role: 'authenticated' });
		expect((await user.storage.from('papers').list()).error).toBeNull();
		expect((await realtimeJoin(session.access_token)).status).toBe('SUBSCRIBED');

		for (const key of [stack.keys.anon, stack.keys.serviceRole]) {
			const legacy = stack.client(key);
			expect((await legacy.rpc('whoami')).data).toMatchObject({ iss: 'supabase-demo' });
			expect((await legacy.storage.from('papers').list()).error).toBeNull();
			expect((await realtimeJoin(key)).status).toBe('SUBSCRIBED');
		}
	});

	it('still verify a token of a key that only verifies (the previous key after a rotation)', async () => {
		const { session } = await signedIn();
		const token = await signWith(previous, jwtPayload(session.access_token));
		expect((await stack.client().auth.getUser(token)).data.user?.id).toBe(session.user.id);
		expect((await bearerClient(token).rpc('whoami')).error).toBeNull();
		expect((await bearerClient(token).storage.from('papers').list()).error).toBeNull();
		expect((await realtimeJoin(token)).status).toBe('SUBSCRIBED');
	});

	it('refuse a token signed with a removed key with each service’s own error', async () => {
		const removed = await cliSigningKey('ES256');
		const { session } = await signedIn();
		const token = await signWith(removed, jwtPayload(session.access_token));

		const auth = await authFetch(stack, '/user', { headers: { authorization: `Bearer ${token}` } });
		expect(auth.status).toBe(403);
		expect(await auth.json()).toEqual({
			code: 'bad_jwt',
			message: `invalid JWT: unable to parse or verify signature, token is unverifiable: error while executing keyfunc: unrecognized JWT kid ${removed.kid} for algorithm ES256`
		});

		const rest = await bearerClient(token).rpc('whoami');
		expect(rest.status).toBe(401);
		expect(rest.error).toMatchObject({
			code: 'PGRST301',
			message: 'No suitable key or wrong key type'
		});

		const storage = await bearerClient(token).storage.from('papers').list();
		expect(storage.error?.message).toBe('no applicable key found in the JSON Web Key Set');

		const join = await realtimeJoin(token);
		expect(join.status).toBe('CHANNEL_ERROR');
		expect(join.error?.message).toContain(
			`JwtSignerError: Failed to generate JWT signer for key ID (kid) "${removed.kid}"`
		);
	});

	it('refuse an unknown kid and a forged signature, and keep serving', async () => {
		const { session } = await signedIn();
		const [header, payload] = session.access_token.split('.');
		const unknownKid = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'nobody', typ: 'JWT' })).toString('base64url')}.${payload}.${session.access_token.split('.')[2]}`;
		const res = await authFetch(stack, '/user', {
			headers: { authorization: `Bearer ${unknownKid}` }
		});
		expect(res.status).toBe(403);
		expect((await res.json()).message).toContain('unrecognized JWT kid nobody for algorithm ES256');

		const tampered = `${header}.${Buffer.from(JSON.stringify({ ...jwtPayload(session.access_token), role: 'service_role' })).toString('base64url')}.${session.access_token.split('.')[2]}`;
		const forged = await bearerClient(tampered).rpc('whoami');
		expect(forged.status).toBe(401);
		expect(forged.error?.code).toBe('PGRST301');

		expect((await stack.client().auth.getUser(session.access_token)).error).toBeNull();
	});
});

describe('a signing keys file holding an empty array', () => {
	let legacy: Project;
	let legacyStack: TestStack;
	beforeAll(async () => {
		legacy = await projectWithKeys([]);
		legacyStack = await startTestStack({ workdir: legacy.workdir });
	});
	afterAll(async () => {
		await legacyStack?.stop();
		await legacy?.remove();
	});

	it('leaves signing to the JWT secret, lists no keys, and getClaims() then asks GET /user', async () => {
		const { client, calls, session } = await signedIn(legacyStack);
		expect(jwtHeader(session.access_token)).toEqual({ alg: 'HS256', typ: 'JWT' });
		const jwks = await fetch(`${legacyStack.url}/auth/v1/.well-known/jwks.json`);
		expect(await jwks.json()).toEqual({ keys: [] });
		calls.length = 0;
		expect((await client.auth.getClaims()).data?.claims.sub).toBe(session.user.id);
		expect(calls).toContain('/auth/v1/user');
	});
});

describe('a malformed signing keys file', () => {
	it.each([
		['is missing', undefined, /^failed to read signing keys: .*signing_keys\.json/],
		['is not JSON', '{"kty": ', /^failed to decode signing keys .*signing_keys\.json: /],
		['is not an array', '{"keys": []}', /signing_keys\.json: expected a JSON array of JWKs/],
		['has two signing keys', 'two', /signing_keys\.json: multiple signing keys detected/],
		['has a key of the wrong curve', 'curve', /signing_keys\.json: key ".*": crv: /]
	])('stops the start with an error naming the file when it %s', async (_, content, message) => {
		const keys =
			content === 'two'
				? [await cliSigningKey('ES256'), await cliSigningKey('RS256')]
				: content === 'curve'
					? [{ ...(await cliSigningKey('ES256')), crv: 'P-521' }]
					: content;
		const bad = await projectWithKeys(keys);
		try {
			const failure = await startTestStack({ workdir: bad.workdir }).then(
				async (started) => {
					await started.stop();
					return new Error('the stack started');
				},
				(error: unknown) => error
			);
			expect(failure).toBeInstanceOf(SigningKeysError);
			expect((failure as Error).message).toMatch(message);
		} finally {
			await bad.remove();
		}
	});
});
