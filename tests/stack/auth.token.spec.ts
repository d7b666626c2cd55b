// POST /token (password, refresh_token, pkce), GET/PUT /user and POST /logout through supabase-js:
// sign-in, rotation with GoTrue's reuse rules, session ends, and the PKCE exchange.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { authFetch, jwtPayload, lastMailTo, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth');

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

async function newUser(password = 'correct-horse-1') {
	const email = uniqueEmail('token');
	const client = stack.client();
	const { data } = await client.auth.signUp({ email, password });
	return { email, password, client, session: data.session!, userId: data.user!.id };
}

const refresh = (refresh_token: string) => stack.client().auth.refreshSession({ refresh_token });

/** Moves a token's last change back in time, as if `seconds` had passed since its revocation. */
async function age(token: string, seconds: number) {
	await stack.db.query(
		`update auth.refresh_tokens set updated_at = updated_at - make_interval(secs => $2)
		 where session_id = (select session_id from auth.refresh_tokens where token = $1)`,
		[token, seconds]
	);
}

describe('password grant', () => {
	it('signs in a seeded user whose hash pgcrypto made and whose token columns are NULL', async () => {
		const { data, error } = await stack
			.client()
			.auth.signInWithPassword({ email: 'seeded@example.com', password: 'seeded-password' });
		expect(error).toBeNull();
		expect(data.user).toMatchObject({
			email: 'seeded@example.com',
			user_metadata: { full_name: 'Seeded Agent' }
		});
		expect(jwtPayload(data.session!.access_token).amr).toEqual([
			{ method: 'password', timestamp: expect.any(Number) }
		]);
	});

	it('answers a wrong password and an unknown address alike: 400 invalid_credentials', async () => {
		const wrong = await stack
			.client()
			.auth.signInWithPassword({ email: 'seeded@example.com', password: 'not-it' });
		const unknown = await stack
			.client()
			.auth.signInWithPassword({ email: uniqueEmail('nobody'), password: 'whatever1' });
		for (const { error } of [wrong, unknown]) {
			expect(error).toMatchObject({
				status: 400,
				code: 'invalid_credentials',
				message: 'Invalid login credentials'
			});
		}
	});

	it('signs in with a password below the minimum length but says it is weak', async () => {
		const email = uniqueEmail('weakling');
		await stack
			.client(stack.keys.serviceRole)
			.auth.admin.createUser({ email, password: 'short1', email_confirm: true });
		const { data, error } = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'short1' });
		expect(error).toBeNull();
		expect(data.weakPassword).toEqual({
			message: 'Password should be at least 8 characters.',
			reasons: ['length']
		});
	});
});

describe('refresh_token grant', () => {
	it('rotates: every refresh revokes the token and hands out its child', async () => {
		const { session } = await newUser();
		const first = await refresh(session.refresh_token);
		expect(first.error).toBeNull();
		const next = first.data.session!;
		expect(next.refresh_token).toMatch(/^[a-z2-7]{12}$/);
		expect(next.refresh_token).not.toBe(session.refresh_token);
		expect(jwtPayload(next.access_token)).toMatchObject({
			session_id: jwtPayload(session.access_token).session_id,
			amr: [{ method: 'password', timestamp: expect.any(Number) }]
		});
		const { rows } = await stack.db.query<{
			token: string;
			parent: string | null;
			revoked: boolean;
		}>(
			`select token, parent, revoked from auth.refresh_tokens
			 where session_id = $1 order by id`,
			[jwtPayload(session.access_token).session_id as string]
		);
		expect(rows).toEqual([
			{ token: session.refresh_token, parent: null, revoked: true },
			{ token: next.refresh_token, parent: session.refresh_token, revoked: false }
		]);
	});

	it('gives the active token back to a client replaying its parent', async () => {
		const { session } = await newUser();
		const first = (await refresh(session.refresh_token)).data.session!;
		const replay = await refresh(session.refresh_token);
		expect(replay.error).toBeNull();
		expect(replay.data.session!.refresh_token).toBe(first.refresh_token);
	});

	it('accepts an older revoked token within the reuse interval', async () => {
		const { session } = await newUser();
		const first = (await refresh(session.refresh_token)).data.session!;
		await refresh(first.refresh_token);
		const reused = await refresh(session.refresh_token);
		expect(reused.error).toBeNull();
	});

	it('revokes the whole family when a revoked token is reused after the interval', async () => {
		const { session } = await newUser();
		const first = (await refresh(session.refresh_token)).data.session!;
		const active = (await refresh(first.refresh_token)).data.session!;
		await age(session.refresh_token, 11);

		const reused = await refresh(session.refresh_token);
		expect(reused.error).toMatchObject({
			status: 400,
			code: 'refresh_token_already_used',
			message: 'Invalid Refresh Token: Already Used'
		});
		await age(active.refresh_token, 11);
		const afterwards = await refresh(active.refresh_token);
		expect(afterwards.error).toMatchObject({ code: 'refresh_token_already_used' });
	});

	it('refuses an unknown token with refresh_token_not_found and a malformed one with validation_failed', async () => {
		const unknown = await refresh('abcdefghijkl');
		expect(unknown.error).toMatchObject({
			status: 400,
			code: 'refresh_token_not_found',
			message: 'Invalid Refresh Token: Refresh Token Not Found'
		});
		const malformed = await refresh('Not-A-Token!');
		expect(malformed.error).toMatchObject({
			status: 400,
			code: 'validation_failed',
			message: 'Refresh token is not valid'
		});
	});
});

describe('GET and PUT /user', () => {
	it('returns the signed-in user, and getClaims verifies with the published key', async () => {
		const { client, userId } = await newUser();
		const { data } = await client.auth.getUser();
		expect(data.user?.id).toBe(userId);
		const jwks = await authFetch(stack, '/.well-known/jwks.json', { key: '' });
		expect((await jwks.json()).keys).toEqual([
			expect.objectContaining({ kid: 'b81269f1-21d8-4f2e-b719-c2240a840d90', alg: 'ES256' })
		]);
		const claims = await client.auth.getClaims();
		expect(claims.data?.claims.sub).toBe(userId);
	});

	it('merges user metadata, deleting keys set to null', async () => {
		const { client } = await newUser();
		await client.auth.updateUser({ data: { theme: 'dark', lang: 'en' } });
		const { data, error } = await client.auth.updateUser({ data: { lang: null, tz: 'UTC' } });
		expect(error).toBeNull();
		expect(data.user?.user_metadata).toEqual({ email_verified: true, theme: 'dark', tz: 'UTC' });
	});

	it('changes the password, ending the other sessions, and refuses the same password', async () => {
		const { client, email, password } = await newUser();
		const other = stack.client();
		const otherSession = (await other.auth.signInWithPassword({ email, password })).data.session!;

		const same = await client.auth.updateUser({ password });
		expect(same.error).toMatchObject({ status: 422, code: 'same_password' });
		const weak = await client.auth.updateUser({ password: 'tiny' });
		expect(weak.error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] });

		expect((await client.auth.updateUser({ password: 'brand-new-pass-2' })).error).toBeNull();
		expect((await refresh(otherSession.refresh_token)).error?.code).toBe('refresh_token_not_found');
		const again = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'brand-new-pass-2' });
		expect(again.error).toBeNull();
	});

	it('refuses app_metadata from the user themselves with 403 not_admin', async () => {
		const res = await authFetch(stack, '/user', {
			method: 'PUT',
			headers: { authorization: `Bearer ${(await newUser()).session.access_token}` },
			body: JSON.stringify({ app_metadata: { role: 'admin' } })
		});
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({
			code: 'not_admin',
			message: 'Updating app_metadata requires admin privileges'
		});
	});
});

describe('POST /logout', () => {
	async function twoSessions() {
		const user = await newUser();
		const second = stack.client();
		await second.auth.signInWithPassword({ email: user.email, password: user.password });
		return {
			user,
			first: user.client,
			second,
			secondSession: (await second.auth.getSession()).data.session!
		};
	}

	it('scope local ends only this session', async () => {
		const { first, user, secondSession } = await twoSessions();
		expect((await first.auth.signOut({ scope: 'local' })).error).toBeNull();
		expect((await refresh(user.session.refresh_token)).error?.code).toBe('refresh_token_not_found');
		expect((await refresh(secondSession.refresh_token)).error).toBeNull();
	});

	it('scope others keeps only this session', async () => {
		const { first, user, secondSession } = await twoSessions();
		await first.auth.signOut({ scope: 'others' });
		expect((await refresh(secondSession.refresh_token)).error?.code).toBe(
			'refresh_token_not_found'
		);
		expect((await refresh(user.session.refresh_token)).error).toBeNull();
	});

	it('scope global ends every session; their access tokens then meet session_not_found', async () => {
		const { first, user, secondSession } = await twoSessions();
		await first.auth.signOut();
		expect((await refresh(secondSession.refresh_token)).error?.code).toBe(
			'refresh_token_not_found'
		);
		const res = await authFetch(stack, '/user', {
			headers: { authorization: `Bearer ${user.session.access_token}` }
		});
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({
			code: 'session_not_found',
			message: 'Session from session_id claim in JWT does not exist'
		});
		const { error } = await stack.client().auth.getUser(secondSession.access_token);
		expect(error?.name).toBe('AuthSessionMissingError');
	});
});

describe('PKCE', () => {
	it('exchanges the code from a magic link for a session', async () => {
		const { email } = await newUser();
		const client = stack.client(undefined, { auth: { flowType: 'pkce' } });
		expect((await client.auth.signInWithOtp({ email })).error).toBeNull();
		const mail = await lastMailTo(stack, email);
		expect(mail.token_hash).toMatch(/^pkce_[0-9a-f]{56}$/);

		const verify = await fetch(mail.action_link!, { redirect: 'manual' });
		expect(verify.status).toBe(303);
		const location = new URL(verify.headers.get('location')!);
		expect(`${location.origin}${location.pathname}`).toBe('http://localhost:3000/');
		const code = location.searchParams.get('code')!;

		const { data, error } = await client.auth.exchangeCodeForSession(code);
		expect(error).toBeNull();
		expect(data.user?.email).toBe(email);
		expect(jwtPayload(data.session!.access_token).amr).toContainEqual({
			method: 'magiclink',
			timestamp: expect.any(Number)
		});
		const again = await authFetch(stack, '/token?grant_type=pkce', {
			method: 'POST',
			body: JSON.stringify({ auth_code: code, code_verifier: 'x'.repeat(43) })
		});
		expect(again.status).toBe(404);
		expect(await again.json()).toMatchObject({ code: 'flow_state_not_found' });
	});

	it('refuses a code verifier that does not match the challenge with bad_code_verifier', async () => {
		const { email } = await newUser();
		const client = stack.client(undefined, { auth: { flowType: 'pkce' } });
		await client.auth.signInWithOtp({ email });
		const mail = await lastMailTo(stack, email);
		const location = (await fetch(mail.action_link!, { redirect: 'manual' })).headers.get(
			'location'
		)!;
		const code = new URL(location).searchParams.get('code')!;
		const res = await authFetch(stack, '/token?grant_type=pkce', {
			method: 'POST',
			body: JSON.stringify({ auth_code: code, code_verifier: 'y'.repeat(43) })
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({
			code: 'bad_code_verifier',
			message: 'code challenge does not match previously saved code verifier'
		});
	});
});
