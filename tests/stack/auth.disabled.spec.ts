// The features the local stack keeps off, through supabase-js where it has a method: each answered
// with GoTrue's own status, code and message for a project that has them off, never a plain 404.
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

async function signedIn() {
	const client = stack.client();
	const { data, error } = await client.auth.signUp({
		email: uniqueEmail('disabled'),
		password: 'correct-horse-1'
	});
	if (error) throw error;
	return { client, session: data.session! };
}

describe('SAML single sign-on', () => {
	it('answers every SSO endpoint with 404 saml_provider_disabled', async () => {
		const { error } = await stack.client().auth.signInWithSSO({ domain: 'example.com' });
		expect(error).toMatchObject({
			status: 404,
			code: 'saml_provider_disabled',
			message: 'SAML 2.0 is disabled'
		});
		for (const [method, path] of [
			['GET', '/sso/saml/metadata'],
			['POST', '/sso/saml/acs']
		]) {
			const res = await authFetch(stack, path, { method });
			expect(res.status).toBe(404);
			expect(await res.json()).toEqual({
				code: 'saml_provider_disabled',
				message: 'SAML 2.0 is disabled'
			});
		}
	});
});

describe('external OAuth providers', () => {
	it('refuses to start a sign-in with a provider that is off or unknown', async () => {
		const github = await authFetch(stack, '/authorize?provider=GitHub', { key: '' });
		expect(github.status).toBe(400);
		expect(await github.json()).toEqual({
			code: 'validation_failed',
			message: 'Unsupported provider: provider is not enabled'
		});
		const unknown = await authFetch(stack, '/authorize?provider=myspace', { key: '' });
		expect((await unknown.json()).message).toBe(
			'Unsupported provider: Provider myspace could not be found'
		);
	});

	it('redirects a callback to the site URL with GoTrue’s state error', async () => {
		const missing = await authFetch(stack, '/callback?code=abc', { key: '' });
		expect(missing.status).toBe(303);
		expect(missing.headers.get('location')).toBe(
			'http://localhost:3000?error=invalid_request&error_code=bad_oauth_callback&error_description=OAuth+state+parameter+missing'
		);
		const invalid = await authFetch(stack, '/callback?state=nope', { key: '' });
		expect(new URL(invalid.headers.get('location')!).searchParams.get('error_code')).toBe(
			'bad_oauth_state'
		);
	});

	it('refuses an ID token of a provider that is off with 400 provider_disabled', async () => {
		const google = await stack
			.client()
			.auth.signInWithIdToken({ provider: 'google', token: 'header.payload.signature' });
		expect(google.error).toMatchObject({
			status: 400,
			code: 'provider_disabled',
			message: 'Provider (issuer "https://accounts.google.com") is not enabled'
		});
		const apple = await stack.client().auth.signInWithIdToken({ provider: 'apple', token: 'x' });
		expect(apple.error).toMatchObject({
			status: 400,
			code: 'validation_failed',
			message: 'Unable to detect issuer in ID token for Apple provider'
		});
	});

	it('answers identity linking with 404 manual_linking_disabled, after checking the session', async () => {
		const { client, session } = await signedIn();
		const link = await client.auth.linkIdentity({
			provider: 'github',
			options: { skipBrowserRedirect: true }
		});
		expect(link.error).toMatchObject({
			status: 404,
			code: 'manual_linking_disabled',
			message: 'Manual linking is disabled'
		});
		const stranger = await authFetch(stack, '/user/identities/authorize?provider=github', {
			key: ''
		});
		expect(stranger.status).toBe(401);
		const unlink = await client.auth.unlinkIdentity(session.user.identities![0]);
		expect(unlink.error).toMatchObject({ status: 404, code: 'manual_linking_disabled' });
	});
});

describe('phone sign-in', () => {
	it('answers each phone flow as GoTrue does without an SMS provider', async () => {
		const phone = '+15555550123';
		const signUp = await stack.client().auth.signUp({ phone, password: 'correct-horse-1' });
		expect(signUp.error).toMatchObject({
			status: 400,
			code: 'phone_provider_disabled',
			message: 'Phone signups are disabled'
		});
		const password = await stack.client().auth.signInWithPassword({ phone, password: 'x-1234' });
		expect(password.error).toMatchObject({
			status: 422,
			code: 'phone_provider_disabled',
			message: 'Phone logins are disabled'
		});
		const otp = await stack.client().auth.signInWithOtp({ phone });
		expect(otp.error).toMatchObject({
			status: 400,
			code: 'phone_provider_disabled',
			message: 'Unsupported phone provider'
		});
		const verify = await stack.client().auth.verifyOtp({ phone, token: '123456', type: 'sms' });
		expect(verify.error).toMatchObject({
			status: 403,
			code: 'otp_expired',
			message: 'Token has expired or is invalid'
		});
		const malformed = await stack
			.client()
			.auth.verifyOtp({ phone: 'call me', token: '123456', type: 'sms' });
		expect(malformed.error).toMatchObject({
			status: 400,
			code: 'validation_failed',
			message: 'Invalid phone number format (E.164 required)'
		});
	});
});

describe('Web3, passkeys and the OAuth server', () => {
	it('answer with their own codes', async () => {
		const web3 = await authFetch(stack, '/token?grant_type=web3', {
			method: 'POST',
			body: JSON.stringify({ chain: 'ethereum', message: 'm', signature: 's' })
		});
		expect(web3.status).toBe(422);
		expect(await web3.json()).toEqual({
			code: 'web3_provider_disabled',
			message: 'Web3 provider is disabled'
		});

		const passkey = await authFetch(stack, '/passkeys/authentication/options', {
			method: 'POST',
			body: '{}'
		});
		expect(passkey.status).toBe(404);
		expect(await passkey.json()).toEqual({
			code: 'passkey_disabled',
			message: 'Passkeys are disabled'
		});

		const { client } = await signedIn();
		const oauth = await client.auth.oauth.getAuthorizationDetails('an-authorization');
		expect(oauth.error).toMatchObject({
			status: 404,
			code: 'feature_disabled',
			message: 'OAuth server is disabled'
		});
	});
});
