// Sign-up and anonymous sign-in through supabase-js: GoTrue's session and user shapes, its claims,
// and its refusals.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { jwtHeader, jwtPayload, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth');
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const timestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

describe('POST /signup with autoconfirm', () => {
	it('answers with a session shaped as GoTrue shapes it', async () => {
		const email = uniqueEmail('Shape');
		const sent = Math.floor(Date.now() / 1000);
		const { data, error } = await stack
			.client()
			.auth.signUp({ email, password: 'correct-horse-1', options: { data: { full_name: 'Ann' } } });
		const received = Math.ceil(Date.now() / 1000);
		expect(error).toBeNull();
		const session = data.session!;
		expect(session).toMatchObject({
			token_type: 'bearer',
			refresh_token: expect.stringMatching(/^[a-z2-7]{12}$/)
		});
		expect(session.expires_at).toBe(jwtPayload(session.access_token).exp);
		// GoTrue counts expires_in from the moment it answers (exp - now), so a second may have
		// ticked since the token was signed: 3600 or a little less, whatever the machine's speed.
		expect(session.expires_in).toBeLessThanOrEqual(3600);
		const answeredAt = session.expires_at! - session.expires_in!;
		expect(answeredAt).toBeGreaterThanOrEqual(sent);
		expect(answeredAt).toBeLessThanOrEqual(received);

		const user = data.user!;
		expect(user).toMatchObject({
			id: expect.stringMatching(uuid),
			aud: 'authenticated',
			role: 'authenticated',
			email: email.toLowerCase(),
			phone: '',
			email_confirmed_at: expect.stringMatching(timestamp),
			confirmed_at: expect.stringMatching(timestamp),
			last_sign_in_at: expect.stringMatching(timestamp),
			app_metadata: { provider: 'email', providers: ['email'] },
			user_metadata: { full_name: 'Ann', email_verified: true },
			is_anonymous: false
		});
		expect(user.identities).toEqual([
			{
				identity_id: expect.stringMatching(uuid),
				id: user.id,
				user_id: user.id,
				identity_data: {
					sub: user.id,
					email: email.toLowerCase(),
					email_verified: false,
					phone_verified: false,
					full_name: 'Ann'
				},
				provider: 'email',
				last_sign_in_at: expect.stringMatching(timestamp),
				created_at: expect.stringMatching(timestamp),
				updated_at: expect.stringMatching(timestamp),
				email: email.toLowerCase()
			}
		]);
		expect(Object.keys(user)).not.toContain('invited_at');
	});

	it("signs access tokens with the CLI's default key, as `supabase start` does, and GoTrue's claims", async () => {
		const email = uniqueEmail('claims');
		const { data } = await stack.client().auth.signUp({ email, password: 'correct-horse-1' });
		const token = data.session!.access_token;
		const jwks = createRemoteJWKSet(new URL(`${stack.url}/auth/v1/.well-known/jwks.json`));
		const { payload } = await jwtVerify(token, jwks);
		expect(jwtHeader(token)).toEqual({
			alg: 'ES256',
			kid: 'b81269f1-21d8-4f2e-b719-c2240a840d90',
			typ: 'JWT'
		});
		expect(Object.keys(payload)).toEqual([
			'iss',
			'sub',
			'aud',
			'exp',
			'iat',
			'email',
			'phone',
			'app_metadata',
			'user_metadata',
			'role',
			'aal',
			'amr',
			'session_id',
			'is_anonymous'
		]);
		expect(payload).toMatchObject({
			iss: `${stack.url}/auth/v1`,
			sub: data.user!.id,
			aud: 'authenticated',
			email,
			phone: '',
			role: 'authenticated',
			aal: 'aal1',
			amr: [{ method: 'password', timestamp: expect.any(Number) }],
			session_id: expect.stringMatching(uuid),
			is_anonymous: false
		});
		expect(payload.exp! - payload.iat!).toBe(3600);
	});

	it("runs the project's trigger on auth.users", async () => {
		const email = uniqueEmail('trigger');
		const { data } = await stack
			.client()
			.auth.signUp({ email, password: 'correct-horse-1', options: { data: { full_name: 'Tia' } } });
		const { rows } = await stack.db.query(
			`select email, full_name from public.profiles where id = $1`,
			[data.user!.id]
		);
		expect(rows).toEqual([{ email, full_name: 'Tia' }]);
	});

	it('refuses an address that is already registered with 422 user_already_exists', async () => {
		const email = uniqueEmail('twice');
		await stack.client().auth.signUp({ email, password: 'correct-horse-1' });
		const { data, error } = await stack
			.client()
			.auth.signUp({ email, password: 'correct-horse-2' });
		expect(data.user).toBeNull();
		expect(error).toMatchObject({
			status: 422,
			code: 'user_already_exists',
			message: 'User already registered'
		});
	});

	it('refuses a short password with 422 weak_password and its reasons', async () => {
		const { error } = await stack
			.client()
			.auth.signUp({ email: uniqueEmail('weak'), password: 'short' });
		expect(error).toMatchObject({
			name: 'AuthWeakPasswordError',
			status: 422,
			code: 'weak_password',
			message: 'Password should be at least 8 characters.',
			reasons: ['length']
		});
	});

	it('refuses a missing password and a malformed address with 400 validation_failed', async () => {
		const noPassword = await stack
			.client()
			.auth.signUp({ email: uniqueEmail('nopass'), password: '' });
		expect(noPassword.error).toMatchObject({
			status: 400,
			code: 'validation_failed',
			message: 'Signup requires a valid password'
		});
		const badEmail = await stack
			.client()
			.auth.signUp({ email: 'not-an-address', password: 'correct-horse-1' });
		expect(badEmail.error).toMatchObject({ status: 400, code: 'validation_failed' });
		expect(badEmail.error?.message).toMatch(/^Unable to validate email address/);
	});

	it('refuses phone sign-ups, as a project without SMS does', async () => {
		const { error } = await stack
			.client()
			.auth.signUp({ phone: '+15555550100', password: 'correct-horse-1' });
		expect(error).toMatchObject({ status: 400, code: 'phone_provider_disabled' });
	});
});

describe('anonymous sign-in', () => {
	it('creates an anonymous user with a session', async () => {
		const { data, error } = await stack
			.client()
			.auth.signInAnonymously({ options: { data: { theme: 'dark' } } });
		expect(error).toBeNull();
		expect(data.user).toMatchObject({
			email: '',
			is_anonymous: true,
			app_metadata: {},
			user_metadata: { theme: 'dark' },
			identities: []
		});
		expect(jwtPayload(data.session!.access_token)).toMatchObject({
			is_anonymous: true,
			role: 'authenticated',
			amr: [{ method: 'anonymous', timestamp: expect.any(Number) }]
		});
	});
});
