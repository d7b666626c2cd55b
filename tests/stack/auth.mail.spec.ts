// Emails through the local mailbox: invites and recovery as the app uses them (token_hash +
// verifyOtp), links followed through GET /verify, redirect rules, templates and OTP codes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { fragmentOf, jwtPayload, lastMailTo, mailbox, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth');

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

const admin = () => stack.client(stack.keys.serviceRole);

async function confirmedUser() {
	const email = uniqueEmail('mail');
	await stack.client().auth.signUp({ email, password: 'correct-horse-1' });
	return email;
}

describe('invites', () => {
	it("sends the project's invite template, whose link the app turns into a session", async () => {
		const email = uniqueEmail('invitee');
		const { data, error } = await admin().auth.admin.inviteUserByEmail(email, {
			data: { full_name: 'Iris' },
			redirectTo: 'http://localhost:3000/welcome'
		});
		expect(error).toBeNull();
		expect(data.user).toMatchObject({ email, invited_at: expect.any(String) });
		expect(data.user?.email_confirmed_at).toBeUndefined();

		const mail = await lastMailTo(stack, email);
		expect(mail).toMatchObject({
			type: 'invite',
			subject: 'Join the helpdesk, Iris',
			redirect_to: 'http://localhost:3000/welcome',
			token: expect.stringMatching(/^\d{6}$/),
			token_hash: expect.stringMatching(/^[0-9a-f]{56}$/)
		});
		expect(mail.html).toContain(
			`href="http://localhost:3000/welcome/auth/confirm?token_hash=${mail.token_hash}&type=invite"`
		);
		expect(mail.action_link).toBe(
			`${stack.url}/auth/v1/verify?token=${mail.token_hash}&type=invite&redirect_to=http://localhost:3000/welcome`
		);

		const client = stack.client();
		const verified = await client.auth.verifyOtp({ token_hash: mail.token_hash!, type: 'invite' });
		expect(verified.error).toBeNull();
		expect(verified.data.user).toMatchObject({
			email,
			invited_at: expect.any(String),
			email_confirmed_at: expect.any(String)
		});
		expect(jwtPayload(verified.data.session!.access_token).amr).toEqual([
			{ method: 'otp', timestamp: expect.any(Number) }
		]);

		expect((await client.auth.updateUser({ password: 'chosen-password-1' })).error).toBeNull();
		const signIn = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'chosen-password-1' });
		expect(signIn.error).toBeNull();
	});

	it('accepts an invite link once: its reuse is 403 otp_expired', async () => {
		const email = uniqueEmail('once');
		await admin().auth.admin.inviteUserByEmail(email);
		const { token_hash } = await lastMailTo(stack, email);
		expect(
			(await stack.client().auth.verifyOtp({ token_hash: token_hash!, type: 'invite' })).error
		).toBeNull();
		const reuse = await stack.client().auth.verifyOtp({ token_hash: token_hash!, type: 'invite' });
		expect(reuse.error).toMatchObject({
			status: 403,
			code: 'otp_expired',
			message: 'Email link is invalid or has expired'
		});
	});

	it('refuses to invite an address that is already confirmed with 422 email_exists', async () => {
		const email = await confirmedUser();
		const { error } = await admin().auth.admin.inviteUserByEmail(email);
		expect(error).toMatchObject({ status: 422, code: 'email_exists' });
	});
});

describe('password recovery', () => {
	it('emails a recovery link; verifying it signs in so the user can choose a new password', async () => {
		const email = await confirmedUser();
		const { error } = await stack
			.client()
			.auth.resetPasswordForEmail(email, { redirectTo: 'http://localhost:3000/account/reset' });
		expect(error).toBeNull();
		const mail = await lastMailTo(stack, email);
		expect(mail).toMatchObject({ type: 'recovery', subject: 'Choose a new password' });
		expect(mail.html).toContain(
			`http://localhost:3000/auth/confirm?token_hash=${mail.token_hash}&type=recovery`
		);
		expect(mail.html).toContain(`Or enter the code ${mail.token}.`);

		const client = stack.client();
		const verified = await client.auth.verifyOtp({
			token_hash: mail.token_hash!,
			type: 'recovery'
		});
		expect(verified.error).toBeNull();
		await client.auth.updateUser({ password: 'recovered-pass-1' });
		const signIn = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'recovered-pass-1' });
		expect(signIn.error).toBeNull();
	});

	it('answers an unknown address like a known one, sending nothing', async () => {
		const email = uniqueEmail('stranger');
		expect((await stack.client().auth.resetPasswordForEmail(email)).error).toBeNull();
		expect((await mailbox(stack)).some((m) => m.to === email)).toBe(false);
	});

	it('lets a recovery token expire after otp_expiry', async () => {
		const email = await confirmedUser();
		await stack.client().auth.resetPasswordForEmail(email);
		const { token_hash } = await lastMailTo(stack, email);
		await stack.db.query(
			`update auth.users set recovery_sent_at = now() - interval '3601 seconds' where email = $1`,
			[email]
		);
		const { error } = await stack
			.client()
			.auth.verifyOtp({ token_hash: token_hash!, type: 'recovery' });
		expect(error).toMatchObject({ status: 403, code: 'otp_expired' });
	});
});

describe('links followed through GET /verify', () => {
	it('redirects with the session in the fragment (implicit flow)', async () => {
		const email = await confirmedUser();
		await stack.client().auth.signInWithOtp({
			email,
			options: { emailRedirectTo: 'http://localhost:3000/inbox' }
		});
		const mail = await lastMailTo(stack, email);
		expect(mail.type).toBe('magic_link');
		const res = await fetch(mail.action_link!, { redirect: 'manual' });
		expect(res.status).toBe(303);
		const location = res.headers.get('location')!;
		expect(location.startsWith('http://localhost:3000/inbox#')).toBe(true);
		const fragment = fragmentOf(location);
		expect([...fragment.keys()]).toEqual([
			'access_token',
			'expires_at',
			'expires_in',
			'refresh_token',
			'sb',
			'token_type',
			'type'
		]);
		expect(fragment.get('type')).toBe('magiclink');
		expect(fragment.get('token_type')).toBe('bearer');
		expect(jwtPayload(fragment.get('access_token')!).email).toBe(email);

		const again = await fetch(mail.action_link!, { redirect: 'manual' });
		const error = fragmentOf(again.headers.get('location')!);
		expect(Object.fromEntries(error)).toEqual({
			error: 'access_denied',
			error_code: 'otp_expired',
			error_description: 'Email link is invalid or has expired',
			sb: ''
		});
	});

	it('sends a redirect_to outside the allow-list to the site URL, and keeps a glob match', async () => {
		const refused = await confirmedUser();
		await stack
			.client()
			.auth.resetPasswordForEmail(refused, { redirectTo: 'https://evil.example.org/steal' });
		expect((await lastMailTo(stack, refused)).redirect_to).toBe('http://localhost:3000');

		const allowed = await confirmedUser();
		await stack
			.client()
			.auth.resetPasswordForEmail(allowed, { redirectTo: 'https://eu.example.com/welcome' });
		expect((await lastMailTo(stack, allowed)).redirect_to).toBe('https://eu.example.com/welcome');

		const tooDeep = await confirmedUser();
		await stack
			.client()
			.auth.resetPasswordForEmail(tooDeep, { redirectTo: 'https://a.b.example.com/welcome' });
		expect((await lastMailTo(stack, tooDeep)).redirect_to).toBe('http://localhost:3000');
	});
});

describe('one-time codes', () => {
	it('signs in with the code from a magic-link email (type email)', async () => {
		const email = await confirmedUser();
		await stack.client().auth.signInWithOtp({ email });
		const { token } = await lastMailTo(stack, email);
		const { data, error } = await stack
			.client()
			.auth.verifyOtp({ email, token: token!, type: 'email' });
		expect(error).toBeNull();
		expect(data.user?.email).toBe(email);
		const wrong = await stack.client().auth.verifyOtp({ email, token: '000000', type: 'email' });
		expect(wrong.error).toMatchObject({ status: 403, code: 'otp_expired' });
	});

	it('signs up an unknown address through /otp unless create_user is false', async () => {
		const email = uniqueEmail('otp-new');
		const refused = await stack
			.client()
			.auth.signInWithOtp({ email, options: { shouldCreateUser: false } });
		expect(refused.error).toMatchObject({ status: 422, code: 'otp_disabled' });
		expect((await stack.client().auth.signInWithOtp({ email })).error).toBeNull();
		expect((await lastMailTo(stack, email)).type).toBe('magic_link');
	});
});

describe('the mailbox', () => {
	it('shows one email as a page with its link, and empties on DELETE', async () => {
		const email = await confirmedUser();
		await stack.client().auth.resetPasswordForEmail(email);
		const mail = await lastMailTo(stack, email);
		const page = await fetch(`${stack.url}/mail/${mail.id}`);
		expect(page.headers.get('content-type')).toMatch(/^text\/html/);
		const html = await page.text();
		expect(html).toContain(`<dt>To</dt><dd>${email}</dd>`);
		expect(html).toContain(`href="${mail.action_link!.replaceAll('&', '&amp;')}"`);

		expect((await fetch(`${stack.url}/mail`, { method: 'DELETE' })).status).toBe(204);
		expect(await mailbox(stack)).toEqual([]);
	});
});
