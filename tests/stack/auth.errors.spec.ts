// GoTrue's error bodies and codes: the 2024-01-01 body when the client sends the API version
// header (as supabase-js always does), the legacy body otherwise, the OAuth-style body, JWT
// refusals, and clear answers for what the local stack does not serve.
import { SignJWT } from 'jose';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { authFetch, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth');

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

const badLogin = (versioned: boolean) =>
	authFetch(stack, '/token?grant_type=password', {
		method: 'POST',
		versioned,
		body: JSON.stringify({ email: 'seeded@example.com', password: 'wrong' })
	});

const sign = (claims: Record<string, unknown>, secret = stack.keys.jwtSecret) =>
	new SignJWT(claims)
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.sign(new TextEncoder().encode(secret));

const getUserWith = (token: string) =>
	authFetch(stack, '/user', { headers: { authorization: `Bearer ${token}` } });

describe('error bodies', () => {
	it('answers {code, message} and echoes the version when X-Supabase-Api-Version is 2024-01-01', async () => {
		const res = await badLogin(true);
		expect(res.status).toBe(400);
		expect(res.headers.get('x-supabase-api-version')).toBe('2024-01-01');
		expect(res.headers.get('x-sb-error-code')).toBe('invalid_credentials');
		expect(await res.json()).toEqual({
			code: 'invalid_credentials',
			message: 'Invalid login credentials'
		});
	});

	it('answers the legacy {code, error_code, msg} without the header', async () => {
		const res = await badLogin(false);
		expect(res.status).toBe(400);
		expect(res.headers.get('x-supabase-api-version')).toBeNull();
		expect(res.headers.get('x-sb-error-code')).toBe('invalid_credentials');
		expect(await res.json()).toEqual({
			code: 400,
			error_code: 'invalid_credentials',
			msg: 'Invalid login credentials'
		});
	});

	it('carries weak_password reasons in both formats', async () => {
		const body = JSON.stringify({ email: uniqueEmail('weak'), password: 'short' });
		const versioned = await authFetch(stack, '/signup', { method: 'POST', body });
		expect(versioned.status).toBe(422);
		expect(await versioned.json()).toEqual({
			code: 'weak_password',
			message: 'Password should be at least 8 characters.',
			weak_password: { reasons: ['length'] }
		});
		const legacy = await authFetch(stack, '/signup', { method: 'POST', body, versioned: false });
		expect(await legacy.json()).toEqual({
			code: 422,
			error_code: 'weak_password',
			msg: 'Password should be at least 8 characters.',
			weak_password: { reasons: ['length'] }
		});
	});

	it('answers a body that is not JSON with 400 bad_json', async () => {
		const res = await authFetch(stack, '/signup', { method: 'POST', body: '{"email": ' });
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(body.code).toBe('bad_json');
		expect(body.message).toMatch(/^Could not parse request body as JSON: /);
	});

	it('answers OAuth-style {error, error_description} where GoTrue does (the id_token grant)', async () => {
		const res = await authFetch(stack, '/token?grant_type=id_token', {
			method: 'POST',
			body: JSON.stringify({ provider: 'google' })
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({
			error: 'invalid request',
			error_description: 'id_token required'
		});
	});
});

describe('JWT refusals on /user', () => {
	it('refuses a token signed with another secret with 403 bad_jwt', async () => {
		const forged = await sign(
			{ sub: '00000000-0000-4000-8000-000000000001', role: 'authenticated', aud: 'authenticated' },
			'some-other-secret-with-at-least-32-characters'
		);
		const res = await getUserWith(forged);
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({
			code: 'bad_jwt',
			message:
				'invalid JWT: unable to parse or verify signature, token signature is invalid: signature is invalid'
		});
	});

	it('refuses an expired token with 403 bad_jwt', async () => {
		const expired = await sign({
			sub: 'a0000000-0000-4000-8000-000000000001',
			aud: 'authenticated',
			exp: Math.floor(Date.now() / 1000) - 60
		});
		const res = await getUserWith(expired);
		expect(await res.json()).toEqual({
			code: 'bad_jwt',
			message:
				'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired'
		});
		const viaClient = await stack.client().auth.getUser(expired);
		expect(viaClient.error).toMatchObject({ status: 403, code: 'bad_jwt' });
	});

	it('refuses the anon key (no sub) and a token of a user who no longer exists', async () => {
		const anon = await getUserWith(stack.keys.anon);
		expect(await anon.json()).toEqual({
			code: 'bad_jwt',
			message: 'invalid claim: missing sub claim'
		});
		const ghost = await sign({ sub: '00000000-0000-4000-8000-0000000000ff', aud: 'authenticated' });
		const res = await getUserWith(ghost);
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({
			code: 'user_not_found',
			message: 'User from sub claim in JWT does not exist'
		});
	});
});

describe('requests GoTrue refuses', () => {
	it('refuses an unknown grant type and an unknown logout scope', async () => {
		const grant = await authFetch(stack, '/token?grant_type=magic', { method: 'POST', body: '{}' });
		expect(await grant.json()).toEqual({
			code: 'invalid_credentials',
			message: 'unsupported_grant_type'
		});

		const { data } = await stack
			.client()
			.auth.signInWithPassword({ email: 'seeded@example.com', password: 'seeded-password' });
		const scope = await authFetch(stack, '/logout?scope=everyone', {
			method: 'POST',
			headers: { authorization: `Bearer ${data.session!.access_token}` }
		});
		expect(scope.status).toBe(400);
		expect(await scope.json()).toEqual({
			code: 'validation_failed',
			message: 'Unsupported logout scope "everyone"'
		});
	});

	it('answers an unknown path with 404 and a known path with the wrong method with 405', async () => {
		const missing = await authFetch(stack, '/nowhere');
		expect(missing.status).toBe(404);
		expect(await missing.text()).toBe('404 page not found\n');
		expect((await authFetch(stack, '/signup')).status).toBe(405);
	});

	it('names what the local stack does not serve, with 404 feature_disabled', async () => {
		const audit = await authFetch(stack, '/admin/audit', { key: stack.keys.serviceRole });
		expect(audit.status).toBe(404);
		expect(await audit.json()).toEqual({
			code: 'feature_disabled',
			message: 'The local stack does not support the audit log API'
		});
	});
});

describe('keys and public endpoints', () => {
	it('passes requests without an API key through, as `supabase start` does', async () => {
		const health = await fetch(`${stack.url}/auth/v1/health`);
		expect(health.status).toBe(200);
		const user = await fetch(`${stack.url}/auth/v1/user`);
		expect(user.status).toBe(401);
		expect((await user.json()).msg).toBe('This endpoint requires a valid Bearer token');
		const verify = await fetch(`${stack.url}/auth/v1/verify?type=signup`, { redirect: 'manual' });
		expect(verify.status).toBe(400);
		expect((await verify.json()).msg).toBe('Verify requires a token or a token hash');
	});

	it('reports health and settings as GoTrue does', async () => {
		const health = await (await authFetch(stack, '/health')).json();
		expect(health).toMatchObject({ name: 'GoTrue' });
		const settings = await (await authFetch(stack, '/settings')).json();
		expect(settings).toMatchObject({
			disable_signup: false,
			mailer_autoconfirm: true,
			phone_autoconfirm: false,
			external: { email: true, phone: false, anonymous_users: true, github: false }
		});
	});
});
