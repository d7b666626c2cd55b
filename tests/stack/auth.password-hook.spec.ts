// GoTrue's password verification attempt hook, run as GoTrue runs it: after every password check of
// the password grant, as supabase_auth_admin, in a transaction of its own; `reject` answers 400
// invalid_credentials with the hook's message.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { authFetch, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth-password-hook');
const password = 'correct-horse-1';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

async function user(prefix: string) {
	const email = uniqueEmail(prefix);
	const { data, error } = await stack.client(stack.keys.serviceRole).auth.admin.createUser({
		email,
		password,
		email_confirm: true
	});
	if (error) throw error;
	return { email, id: data.user!.id };
}

const signIn = (email: string, secret = password, versioned = true) =>
	authFetch(stack, '/token?grant_type=password', {
		method: 'POST',
		body: JSON.stringify({ email, password: secret }),
		versioned
	});

const callsFor = async (userId: string) =>
	(
		await stack.db.query<{ valid: boolean; called_as: string; event: Record<string, unknown> }>(
			`select valid, called_as, event from public.hook_calls where user_id = $1 order by id`,
			[userId]
		)
	).rows;

describe('the password verification attempt hook', () => {
	it('is told about every check, right or wrong, as supabase_auth_admin', async () => {
		const { email, id } = await user('continue');
		expect((await signIn(email, 'wrong-password')).status).toBe(400);
		expect((await signIn(email)).status).toBe(200);
		const calls = await callsFor(id);
		expect(calls.map((c) => [c.valid, c.called_as])).toEqual([
			[false, 'supabase_auth_admin'],
			[true, 'supabase_auth_admin']
		]);
		expect(calls[0].event).toEqual({
			metadata: {
				uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
				time: expect.any(String),
				name: 'password-verification',
				ip_address: expect.any(String)
			},
			user_id: id,
			valid: false
		});
	});

	it('keeps GoTrue’s own answer when the hook continues', async () => {
		const { email } = await user('continue');
		const wrong = await signIn(email, 'wrong-password');
		expect(await wrong.json()).toEqual({
			code: 'invalid_credentials',
			message: 'Invalid login credentials'
		});
	});

	it('refuses a right password the hook rejects, with the hook’s message', async () => {
		const { email } = await user('reject');
		const response = await signIn(email);
		expect(response.status).toBe(400);
		expect(response.headers.get('x-sb-error-code')).toBe('invalid_credentials');
		expect(await response.json()).toEqual({
			code: 'invalid_credentials',
			message: 'Locked: ask an admin.'
		});
		const legacy = await signIn(email, password, false);
		expect(await legacy.json()).toEqual({
			code: 400,
			error_code: 'invalid_credentials',
			msg: 'Locked: ask an admin.'
		});
	});

	it('gives supabase-js the message as an AuthApiError', async () => {
		const { email } = await user('reject');
		const { data, error } = await stack.client().auth.signInWithPassword({ email, password });
		expect(data.session).toBeNull();
		expect(error).toMatchObject({
			name: 'AuthApiError',
			status: 400,
			code: 'invalid_credentials',
			message: 'Locked: ask an admin.'
		});
	});

	it('uses GoTrue’s default message when the hook gives none', async () => {
		const { email } = await user('silent');
		expect(await (await signIn(email)).json()).toEqual({
			code: 'invalid_credentials',
			message: 'Further password verification attempts will be rejected.'
		});
	});

	it('ends every session of the user when the hook asks for it', async () => {
		const { email, id } = await user('logout');
		const admin = stack.client(stack.keys.serviceRole);
		await stack.db.query(`update auth.users set email = $1 where id = $2`, [
			email.replace(/^logout-/, 'fine-'),
			id
		]);
		const session = await stack
			.client()
			.auth.signInWithPassword({ email: email.replace(/^logout-/, 'fine-'), password });
		expect(session.error).toBeNull();
		await admin.auth.admin.updateUserById(id, { email, email_confirm: true });
		expect((await signIn(email)).status).toBe(400);
		const refreshed = await stack
			.client()
			.auth.refreshSession({ refresh_token: session.data.session!.refresh_token });
		expect(refreshed.error?.code).toMatch(/refresh_token_not_found|session_not_found/);
		const sessions = await stack.db.query(`select 1 from auth.sessions where user_id = $1`, [id]);
		expect(sessions.rows).toHaveLength(0);
	});

	it('keeps what the hook recorded although the sign-in failed', async () => {
		const { email, id } = await user('reject');
		await signIn(email, 'wrong-password');
		expect(await callsFor(id)).toHaveLength(1);
	});

	it('answers a hook error with its status and message', async () => {
		const { email } = await user('error');
		const response = await signIn(email);
		expect(response.status).toBe(429);
		expect(await response.json()).toMatchObject({ message: 'Slow down.' });
	});

	it('fails the sign-in with a 500 when the hook breaks or answers the wrong shape', async () => {
		for (const prefix of ['raise', 'typed']) {
			const { email } = await user(prefix);
			const response = await signIn(email);
			expect(response.status).toBe(500);
			expect(await response.json()).toMatchObject({ code: 'unexpected_failure' });
		}
	});

	it('is not called for an address no account has', async () => {
		const before = (await stack.db.query(`select count(*)::int as n from public.hook_calls`)).rows;
		const response = await signIn(uniqueEmail('reject'));
		expect(await response.json()).toEqual({
			code: 'invalid_credentials',
			message: 'Invalid login credentials'
		});
		const after = (await stack.db.query(`select count(*)::int as n from public.hook_calls`)).rows;
		expect(after).toEqual(before);
	});
});
