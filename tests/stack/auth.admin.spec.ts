// The admin API (/admin/users, /admin/generate_link, /invite) through supabase-js: service role
// only, GoTrue's pagination headers, direct changes, and links generated instead of sent.
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

const admin = () => stack.client(stack.keys.serviceRole).auth.admin;

describe('who may call the admin API', () => {
	it('refuses the anon key and a user token with 403 not_admin', async () => {
		const anon = await stack.client().auth.admin.listUsers();
		expect(anon.error).toMatchObject({
			status: 403,
			code: 'not_admin',
			message: 'User not allowed'
		});
		const email = uniqueEmail('plain');
		const { data } = await stack.client().auth.signUp({ email, password: 'correct-horse-1' });
		const res = await authFetch(stack, '/admin/users', {
			headers: { authorization: `Bearer ${data.session!.access_token}` }
		});
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({ code: 'not_admin', message: 'User not allowed' });
	});

	it('accepts the opaque secret key as the service role', async () => {
		const { error } = await stack.client(stack.keys.secret).auth.admin.listUsers();
		expect(error).toBeNull();
	});
});

describe('/admin/users', () => {
	it('creates a confirmed user who can sign in at once', async () => {
		const email = uniqueEmail('created');
		const { data, error } = await admin().createUser({
			email,
			password: 'correct-horse-1',
			email_confirm: true,
			user_metadata: { full_name: 'Cleo' },
			app_metadata: { plan: 'pro' }
		});
		expect(error).toBeNull();
		expect(data.user).toMatchObject({
			email,
			email_confirmed_at: expect.any(String),
			user_metadata: { full_name: 'Cleo', email_verified: true },
			app_metadata: { provider: 'email', providers: ['email'], plan: 'pro' }
		});
		const signIn = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		expect(signIn.error).toBeNull();
	});

	it('keeps an unconfirmed user out with 400 email_not_confirmed', async () => {
		const email = uniqueEmail('unconfirmed');
		await admin().createUser({ email, password: 'correct-horse-1' });
		const { error } = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		expect(error).toMatchObject({
			status: 400,
			code: 'email_not_confirmed',
			message: 'Email not confirmed'
		});
	});

	it('accepts a bcrypt hash made by pgcrypto', async () => {
		const email = uniqueEmail('hashed');
		const { rows } = await stack.db.query<{ hash: string }>(
			`select extensions.crypt('from-a-dump-1', extensions.gen_salt('bf')) as hash`
		);
		await admin().createUser({ email, password_hash: rows[0].hash, email_confirm: true });
		const { error } = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'from-a-dump-1' });
		expect(error).toBeNull();
	});

	it('refuses a taken address with 422 email_exists', async () => {
		const { error } = await admin().createUser({
			email: 'seeded@example.com',
			password: 'x1234567'
		});
		expect(error).toMatchObject({
			status: 422,
			code: 'email_exists',
			message: 'A user with this email address has already been registered'
		});
	});

	it('pages the list with X-Total-Count and Link headers, newest first', async () => {
		for (let i = 0; i < 3; i++) await admin().createUser({ email: uniqueEmail('page') });
		const res = await authFetch(stack, '/admin/users?page=1&per_page=2', {
			key: stack.keys.serviceRole
		});
		const total = Number(res.headers.get('x-total-count'));
		const lastPage = Math.ceil(total / 2);
		expect(total).toBeGreaterThanOrEqual(4);
		expect(res.headers.get('link')).toBe(
			`</admin/users?page=2&per_page=2>; rel="next", </admin/users?page=${lastPage}&per_page=2>; rel="last"`
		);
		const body = await res.json();
		expect(body.aud).toBe('authenticated');
		expect(body.users).toHaveLength(2);
		expect(body.users[0].created_at >= body.users[1].created_at).toBe(true);

		const { data } = await admin().listUsers({ page: 1, perPage: 2 });
		expect(data).toMatchObject({ nextPage: 2, total });
		expect(data.users).toHaveLength(2);
	});

	it('reads, updates and bans a user by id', async () => {
		const email = uniqueEmail('managed');
		const created = (
			await admin().createUser({ email, password: 'correct-horse-1', email_confirm: true })
		).data.user!;
		expect((await admin().getUserById(created.id)).data.user?.email).toBe(email);

		const updated = await admin().updateUserById(created.id, {
			app_metadata: { user_role: 'agent' },
			user_metadata: { full_name: 'Mia' }
		});
		expect(updated.data.user).toMatchObject({
			app_metadata: { provider: 'email', providers: ['email'], user_role: 'agent' },
			user_metadata: { full_name: 'Mia', email_verified: true }
		});

		await admin().updateUserById(created.id, { ban_duration: '24h' });
		const banned = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		expect(banned.error).toMatchObject({ status: 400, code: 'user_banned' });
		await admin().updateUserById(created.id, { ban_duration: 'none' });
		expect(
			(await stack.client().auth.signInWithPassword({ email, password: 'correct-horse-1' })).error
		).toBeNull();
	});

	it('answers an unknown id with 404 user_not_found', async () => {
		const { error } = await admin().getUserById('00000000-0000-4000-8000-00000000dead');
		expect(error).toMatchObject({ status: 404, code: 'user_not_found', message: 'User not found' });
	});

	it('deletes a user outright, or softly keeping an obfuscated row', async () => {
		const hard = (await admin().createUser({ email: uniqueEmail('gone') })).data.user!;
		expect((await admin().deleteUser(hard.id)).error).toBeNull();
		expect((await admin().getUserById(hard.id)).error?.code).toBe('user_not_found');

		const softEmail = uniqueEmail('soft');
		const soft = (await admin().createUser({ email: softEmail })).data.user!;
		expect((await admin().deleteUser(soft.id, true)).error).toBeNull();
		const kept = (await admin().getUserById(soft.id)).data.user!;
		expect(kept.deleted_at).toEqual(expect.any(String));
		expect(kept.email).not.toBe(softEmail);
	});
});

describe('/admin/generate_link', () => {
	it('generates a magic link for a known user, usable once through verifyOtp', async () => {
		const email = uniqueEmail('linked');
		await admin().createUser({ email, email_confirm: true });
		const { data, error } = await admin().generateLink({
			type: 'magiclink',
			email,
			options: { redirectTo: 'http://localhost:3000/inbox' }
		});
		expect(error).toBeNull();
		expect(data.properties).toEqual({
			action_link: `${stack.url}/auth/v1/verify?token=${data.properties!.hashed_token}&type=magiclink&redirect_to=http://localhost:3000/inbox`,
			email_otp: expect.stringMatching(/^\d{6}$/),
			hashed_token: expect.stringMatching(/^[0-9a-f]{56}$/),
			redirect_to: 'http://localhost:3000/inbox',
			verification_type: 'magiclink'
		});
		expect(data.user?.email).toBe(email);
		const verified = await stack
			.client()
			.auth.verifyOtp({ token_hash: data.properties!.hashed_token, type: 'magiclink' });
		expect(verified.error).toBeNull();
	});

	it('turns a magic link for an unknown address into a sign-up link', async () => {
		const email = uniqueEmail('newcomer');
		const { data } = await admin().generateLink({ type: 'magiclink', email });
		expect(data.properties?.verification_type).toBe('signup');
		const verified = await stack
			.client()
			.auth.verifyOtp({ token_hash: data.properties!.hashed_token, type: 'signup' });
		expect(verified.data.user?.email_confirmed_at).toEqual(expect.any(String));
	});

	it('generates invite and recovery links, and refuses recovery for an unknown address', async () => {
		const invited = uniqueEmail('linkinvite');
		const invite = await admin().generateLink({ type: 'invite', email: invited });
		expect(invite.data.user?.invited_at).toEqual(expect.any(String));
		expect(
			(
				await stack
					.client()
					.auth.verifyOtp({ token_hash: invite.data.properties!.hashed_token, type: 'invite' })
			).error
		).toBeNull();

		const recovery = await admin().generateLink({ type: 'recovery', email: invited });
		expect(recovery.data.properties?.verification_type).toBe('recovery');
		const unknown = await admin().generateLink({ type: 'recovery', email: uniqueEmail('nobody') });
		expect(unknown.error).toMatchObject({
			status: 404,
			code: 'user_not_found',
			message: 'User with this email not found'
		});
	});

	it('generates an email change link for the new address', async () => {
		const email = uniqueEmail('mover');
		await admin().createUser({ email, email_confirm: true });
		const newEmail = uniqueEmail('moved');
		const { data, error } = await admin().generateLink({
			type: 'email_change_new',
			email,
			newEmail
		});
		expect(error).toBeNull();
		expect(data.user?.new_email).toBe(newEmail);
		const link = await fetch(data.properties!.action_link, { redirect: 'manual' });
		expect(link.status).toBe(303);
		const { rows } = await stack.db.query(`select email from auth.users where id = $1`, [
			data.user!.id
		]);
		expect(rows).toEqual([{ email: newEmail }]);
	});

	it('refuses an unknown link type with 400 validation_failed', async () => {
		const res = await authFetch(stack, '/admin/generate_link', {
			method: 'POST',
			key: stack.keys.serviceRole,
			body: JSON.stringify({ type: 'telepathy', email: 'seeded@example.com' })
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({
			code: 'validation_failed',
			message: 'Invalid email action link type requested: telepathy'
		});
	});
});
