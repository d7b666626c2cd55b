// What runs inside the database as GoTrue runs it: the custom access token hook (as
// supabase_auth_admin, in the token's transaction) and a project's triggers on auth.users.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { authFetch, jwtPayload, lastMailTo, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth-hook');
const hookUri = 'pg-functions://postgres/public/custom_access_token_hook';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

/** A user created directly (the admin API issues no token, so the hook stays out of it). */
async function userWithEmail(label: string, role = 'client') {
	const email = uniqueEmail(label);
	const { data } = await stack.client(stack.keys.serviceRole).auth.admin.createUser({
		email,
		password: 'correct-horse-1',
		email_confirm: true,
		user_metadata: { role }
	});
	return { email, id: data.user!.id };
}

const signIn = (email: string) =>
	authFetch(stack, '/token?grant_type=password', {
		method: 'POST',
		body: JSON.stringify({ email, password: 'correct-horse-1' })
	});

const methodsCalledFor = async (userId: string) =>
	(
		await stack.db.query<{ authentication_method: string }>(
			`select authentication_method from public.hook_calls where user_id = $1 order by id`,
			[userId]
		)
	).rows.map((row) => row.authentication_method);

const sessionsOf = async (userId: string) =>
	(await stack.db.query(`select id from auth.sessions where user_id = $1`, [userId])).rows.length;

describe('the custom access token hook', () => {
	it("adds the claims it returns, with the role read from the project's tables", async () => {
		const { email } = await userWithEmail('agent', 'agent');
		const { data, error } = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		expect(error).toBeNull();
		const claims = jwtPayload(data.session!.access_token);
		expect(claims).toMatchObject({
			user_role: 'agent',
			app_metadata: { provider: 'email', user_role: 'agent' },
			role: 'authenticated'
		});
	});

	it("receives GoTrue's input event and is called for every grant", async () => {
		const { email, id } = await userWithEmail('grants');
		const client = stack.client();
		const { data } = await client.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		await client.auth.refreshSession({ refresh_token: data.session!.refresh_token });
		await stack.client().auth.signInWithOtp({ email });
		const { token_hash } = await lastMailTo(stack, email);
		await stack.client().auth.verifyOtp({ token_hash: token_hash!, type: 'magiclink' });
		expect(await methodsCalledFor(id)).toEqual(['password', 'token_refresh', 'otp']);

		const { rows } = await stack.db.query<{ event: Record<string, unknown> }>(
			`select event from public.hook_calls where user_id = $1 order by id limit 1`,
			[id]
		);
		const event = rows[0].event;
		expect(Object.keys(event).sort()).toEqual([
			'authentication_method',
			'claims',
			'metadata',
			'user_id'
		]);
		expect(event.metadata).toMatchObject({
			name: 'customize-access-token',
			uuid: expect.any(String)
		});
		expect(event.claims).toMatchObject({
			iss: `${stack.url}/auth/v1`,
			sub: id,
			aud: 'authenticated',
			email,
			role: 'authenticated',
			aal: 'aal1',
			is_anonymous: false
		});
	});

	it('fails the grant with the status and message of an {"error"} it returns', async () => {
		const { email, id } = await userWithEmail('blocked');
		const res = await signIn(email);
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({ code: 'unknown', message: 'This account is blocked' });
		const viaClient = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		expect(viaClient.error).toMatchObject({ status: 403, message: 'This account is blocked' });
		expect(await sessionsOf(id)).toBe(0);
	});

	it('fails with 500 when its output has no claims', async () => {
		const { email } = await userWithEmail('noclaims');
		const res = await signIn(email);
		expect(res.status).toBe(500);
		expect(await res.json()).toEqual({
			code: 'unexpected_failure',
			message: 'output claims field is missing'
		});
	});

	it("fails with 500 when its claims break GoTrue's schema", async () => {
		const { email } = await userWithEmail('badclaims');
		const res = await signIn(email);
		expect(res.status).toBe(500);
		const body = await res.json();
		expect(body.code).toBe('unexpected_failure');
		expect(body.message).toMatch(/^output claims do not conform to the expected schema: \n/);
		expect(body.message).toContain('- (root): session_id is required');
		expect(body.message).toContain('- exp: Invalid type. Expected: integer, given: string');
	});

	it('fails the grant and rolls it back when the hook raises an SQL error', async () => {
		const { email, id } = await userWithEmail('sqlerror');
		const res = await signIn(email);
		expect(res.status).toBe(500);
		expect(await res.json()).toEqual({
			code: 'unexpected_failure',
			message: `Error running hook URI: ${hookUri}`
		});
		expect(await sessionsOf(id)).toBe(0);
		expect(await methodsCalledFor(id)).toEqual([]);
		const viaClient = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		expect(viaClient.error).toMatchObject({ name: 'AuthRetryableFetchError', status: 500 });
	});
});

describe("a project's triggers on auth.users", () => {
	it('run as supabase_auth_admin: a trigger without security definer fails the sign-up', async () => {
		const email = uniqueEmail('audited');
		const res = await authFetch(stack, '/signup', {
			method: 'POST',
			body: JSON.stringify({ email, password: 'correct-horse-1' })
		});
		expect(res.status).toBe(500);
		expect(await res.json()).toEqual({
			code: 'unexpected_failure',
			message: 'Database error saving new user'
		});
		const { rows } = await stack.db.query(`select id from auth.users where email = $1`, [email]);
		expect(rows).toEqual([]);
	});

	it('let a security-definer trigger write to public', async () => {
		const email = uniqueEmail('profiled');
		const { data } = await stack.client().auth.signUp({
			email,
			password: 'correct-horse-1',
			options: { data: { role: 'agent' } }
		});
		expect(jwtPayload(data.session!.access_token).user_role).toBe('agent');
	});
});
