// A project with `enable_confirmations`: sign-ups wait for their confirmation link (implicit and
// PKCE), repeated sign-ups reveal nothing, and email changes need both addresses to confirm.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { fragmentOf, jwtPayload, lastMailTo, mailbox, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth-confirm');

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

async function confirmedUser() {
	const email = uniqueEmail('confirmed');
	await stack.client().auth.signUp({ email, password: 'correct-horse-1' });
	const { action_link } = await lastMailTo(stack, email);
	await fetch(action_link!, { redirect: 'manual' });
	return email;
}

describe('sign-up with confirmations', () => {
	it('answers with the user only, emails a link, and keeps the user out until it is followed', async () => {
		const email = uniqueEmail('pending');
		const { data, error } = await stack.client().auth.signUp({
			email,
			password: 'correct-horse-1',
			options: { emailRedirectTo: 'http://localhost:3000/welcome' }
		});
		expect(error).toBeNull();
		expect(data.session).toBeNull();
		expect(data.user).toMatchObject({ email, confirmation_sent_at: expect.any(String) });
		expect(data.user?.email_confirmed_at).toBeUndefined();

		const early = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		expect(early.error).toMatchObject({ status: 400, code: 'email_not_confirmed' });

		const mail = await lastMailTo(stack, email);
		expect(mail).toMatchObject({ type: 'confirmation', subject: 'Confirm your email address' });
		const res = await fetch(mail.action_link!, { redirect: 'manual' });
		const location = res.headers.get('location')!;
		expect(location.startsWith('http://localhost:3000/welcome#')).toBe(true);
		expect(fragmentOf(location).get('type')).toBe('signup');

		const later = await stack
			.client()
			.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		expect(later.error).toBeNull();
		expect(later.data.user?.user_metadata).toEqual({ email_verified: true });
	});

	it('confirms with the emailed code too (type signup)', async () => {
		const email = uniqueEmail('code');
		await stack.client().auth.signUp({ email, password: 'correct-horse-1' });
		const { token } = await lastMailTo(stack, email);
		const { data, error } = await stack
			.client()
			.auth.verifyOtp({ email, token: token!, type: 'signup' });
		expect(error).toBeNull();
		expect(data.user?.email_confirmed_at).toEqual(expect.any(String));
	});

	it('answers a repeated sign-up of a confirmed address with a look-alike user and no email', async () => {
		const email = await confirmedUser();
		const before = (await mailbox(stack)).length;
		const { data, error } = await stack.client().auth.signUp({ email, password: 'another-pass-1' });
		expect(error).toBeNull();
		expect(data.session).toBeNull();
		expect(data.user).toMatchObject({ email, identities: [] });
		const { rows } = await stack.db.query<{ id: string }>(
			`select id from auth.users where email = $1`,
			[email]
		);
		expect(data.user?.id).not.toBe(rows[0].id);
		expect((await mailbox(stack)).length).toBe(before);
	});

	it('confirms a PKCE sign-up with a code exchanged by the same client', async () => {
		const email = uniqueEmail('pkce');
		const client = stack.client(undefined, { auth: { flowType: 'pkce' } });
		await client.auth.signUp({ email, password: 'correct-horse-1' });
		const mail = await lastMailTo(stack, email);
		expect(mail.token_hash?.startsWith('pkce_')).toBe(true);
		const location = (await fetch(mail.action_link!, { redirect: 'manual' })).headers.get(
			'location'
		)!;
		const code = new URL(location).searchParams.get('code')!;
		const { data, error } = await client.auth.exchangeCodeForSession(code);
		expect(error).toBeNull();
		expect(jwtPayload(data.session!.access_token).amr).toEqual([
			{ method: 'email/signup', timestamp: expect.any(Number) }
		]);
	});

	it('refuses anonymous sign-ins unless enabled, with 422 anonymous_provider_disabled', async () => {
		const { error } = await stack.client().auth.signInAnonymously();
		expect(error).toMatchObject({
			status: 422,
			code: 'anonymous_provider_disabled',
			message: 'Anonymous sign-ins are disabled'
		});
	});
});

describe('email change with double confirmation', () => {
	it('takes effect once both the new and the current address confirm', async () => {
		const email = await confirmedUser();
		const client = stack.client();
		await client.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		const newEmail = uniqueEmail('renamed');
		const { data, error } = await client.auth.updateUser({ email: newEmail });
		expect(error).toBeNull();
		expect(data.user).toMatchObject({ email, new_email: newEmail });

		const toNew = await lastMailTo(stack, newEmail);
		const toCurrent = await lastMailTo(stack, email);
		expect(toNew.type).toBe('email_change');
		expect(toCurrent.type).toBe('email_change');

		const first = await client.auth.verifyOtp({
			token_hash: toNew.token_hash!,
			type: 'email_change'
		});
		expect(first.error).toBeNull();
		expect(first.data).toEqual({ user: null, session: null });

		const second = await client.auth.verifyOtp({
			token_hash: toCurrent.token_hash!,
			type: 'email_change'
		});
		expect(second.error).toBeNull();
		expect(second.data.user?.email).toBe(newEmail);
	});
});
