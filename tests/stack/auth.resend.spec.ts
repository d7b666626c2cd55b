// POST /resend and GET /reauthenticate through supabase-js, with GoTrue's answers for what there is
// nothing to send, for the phone provider the stack does not have, and for the frequency limit.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { authFetch, mailbox, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth-confirm');

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

const admin = () => stack.client(stack.keys.serviceRole).auth.admin;
const mailsTo = async (to: string) => (await mailbox(stack)).filter((m) => m.to === to);

/** Moves a user's last email of a kind back past `max_frequency`, as if a minute had passed. */
const ageEmails = (email: string) =>
	stack.db.query(
		`update auth.users set confirmation_sent_at = confirmation_sent_at - interval '1 minute',
			email_change_sent_at = email_change_sent_at - interval '1 minute',
			reauthentication_sent_at = reauthentication_sent_at - interval '1 minute'
		 where email = $1`,
		[email]
	);

async function signedIn() {
	const email = uniqueEmail('reauth');
	const password = 'correct-horse-1';
	await admin().createUser({ email, password, email_confirm: true });
	const client = stack.client();
	const { error } = await client.auth.signInWithPassword({ email, password });
	if (error) throw error;
	return { client, email, password };
}

describe('POST /resend', () => {
	it('sends the sign-up confirmation again, and refuses a second one within max_frequency', async () => {
		const email = uniqueEmail('resend');
		await admin().createUser({ email, password: 'correct-horse-1' });
		const first = await stack.client().auth.resend({ type: 'signup', email });
		expect(first).toMatchObject({ data: { user: null, session: null }, error: null });
		const mails = await mailsTo(email);
		expect(mails.map((m) => m.type)).toEqual(['confirmation']);
		const verified = await stack
			.client()
			.auth.verifyOtp({ token_hash: mails[0].token_hash!, type: 'signup' });
		expect(verified.error).toBeNull();

		const other = uniqueEmail('resend-twice');
		await admin().createUser({ email: other, password: 'correct-horse-1' });
		await stack.client().auth.resend({ type: 'signup', email: other });
		const again = await stack.client().auth.resend({ type: 'signup', email: other });
		expect(again.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
		await ageEmails(other);
		expect((await stack.client().auth.resend({ type: 'signup', email: other })).error).toBeNull();
		expect((await mailsTo(other)).length).toBe(2);
	});

	it('answers {} and sends nothing for an unknown or already confirmed address', async () => {
		const unknown = uniqueEmail('nobody');
		expect((await stack.client().auth.resend({ type: 'signup', email: unknown })).error).toBeNull();
		const { email } = await signedIn();
		expect((await stack.client().auth.resend({ type: 'signup', email })).error).toBeNull();
		expect(await mailsTo(unknown)).toEqual([]);
		expect(await mailsTo(email)).toEqual([]);
	});

	it('sends a pending email change again to both addresses', async () => {
		const { client, email } = await signedIn();
		const next = uniqueEmail('moved');
		expect((await client.auth.updateUser({ email: next })).error).toBeNull();
		await ageEmails(email);
		expect((await stack.client().auth.resend({ type: 'email_change', email })).error).toBeNull();
		expect((await mailsTo(next)).length).toBe(2);
		expect((await mailsTo(email)).length).toBe(2);
	});

	it('answers GoTrue’s errors for a bad type, a missing address and a phone number', async () => {
		const cases: [Record<string, string>, number, string, string][] = [
			[
				{ type: 'recovery', email: 'a@example.com' },
				400,
				'validation_failed',
				'Missing one of these types: signup, email_change, sms, phone_change'
			],
			[{ type: 'signup' }, 400, 'validation_failed', 'Type provided requires an email address'],
			[{ type: 'sms' }, 400, 'validation_failed', 'Type provided requires a phone number'],
			[
				{ type: 'sms', phone: '+15555550100' },
				400,
				'phone_provider_disabled',
				'Phone logins are disabled'
			],
			[
				{ type: 'email_change', email: 'a@example.com', phone: '+15555550100' },
				400,
				'validation_failed',
				'Only an email address or phone number should be provided.'
			]
		];
		for (const [body, status, code, message] of cases) {
			const res = await authFetch(stack, '/resend', { method: 'POST', body: JSON.stringify(body) });
			expect(res.status).toBe(status);
			expect(await res.json()).toEqual({ code, message });
		}
	});
});

describe('GET /reauthenticate', () => {
	/** Makes the session older than a day, when GoTrue starts asking for reauthentication. */
	const ageSession = (email: string) =>
		stack.db.query(
			`update auth.sessions set created_at = created_at - interval '25 hours'
			 where user_id = (select id from auth.users where email = $1)`,
			[email]
		);

	it('emails a code that lets an old session change its password once', async () => {
		const { client, email } = await signedIn();
		await ageSession(email);
		const refused = await client.auth.updateUser({ password: 'a-new-password-1' });
		expect(refused.error).toMatchObject({ status: 400, code: 'reauthentication_needed' });

		expect((await client.auth.reauthenticate()).error).toBeNull();
		const [mail] = await mailsTo(email);
		expect(mail).toMatchObject({ type: 'reauthentication', action_link: null });
		expect(mail.html).toContain(mail.token!);

		const wrong = await client.auth.updateUser({ password: 'a-new-password-1', nonce: '000000' });
		expect(wrong.error).toMatchObject({
			status: 422,
			code: 'reauthentication_not_valid',
			message: 'Nonce has expired or is invalid'
		});
		const changed = await client.auth.updateUser({
			password: 'a-new-password-1',
			nonce: mail.token!
		});
		expect(changed.error).toBeNull();
		const reused = await client.auth.updateUser({
			password: 'a-newer-password-2',
			nonce: mail.token!
		});
		expect(reused.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' });
	});

	it('refuses a code past its expiry and a request without a session', async () => {
		const { client, email } = await signedIn();
		await ageSession(email);
		await client.auth.reauthenticate();
		const [mail] = await mailsTo(email);
		await stack.db.query(
			`update auth.users set reauthentication_sent_at = now() - interval '2 hours' where email = $1`,
			[email]
		);
		const expired = await client.auth.updateUser({
			password: 'x-new-password-1',
			nonce: mail.token!
		});
		expect(expired.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' });

		// The gateway authorizes a request without a session as its API key, which has no user.
		const anonKey = await authFetch(stack, '/reauthenticate');
		expect(anonKey.status).toBe(403);
		expect(await anonKey.json()).toEqual({
			code: 'bad_jwt',
			message: 'invalid claim: missing sub claim'
		});
		const noKey = await fetch(`${stack.url}/auth/v1/reauthenticate`);
		expect(noKey.status).toBe(401);
		expect((await noKey.json()).error_code).toBe('no_authorization');
	});
});
