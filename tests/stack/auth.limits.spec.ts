// Rate limits per client IP (X-Forwarded-For, else the socket's address) and for emails, with
// GoTrue's codes, and a project that allows no sign-ups.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { authFetch, mailbox, uniqueEmail } from './fixtures/auth/support';

const fixture = join(import.meta.dirname, 'fixtures', 'auth-strict');

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

let nextIp = 1;
/** A client from an address of its own, so each test starts with full buckets. */
const clientFrom = () => {
	const ip = `10.0.0.${nextIp++}`;
	return {
		ip,
		client: stack.client(undefined, { global: { headers: { 'x-forwarded-for': ip } } })
	};
};

describe('sign_in_sign_ups', () => {
	it('refuses the request past the limit with 429 over_request_rate_limit, per address', async () => {
		const { client } = clientFrom();
		for (let i = 0; i < 2; i++) {
			expect((await client.auth.resetPasswordForEmail(uniqueEmail('nobody'))).error).toBeNull();
		}
		const { error } = await client.auth.resetPasswordForEmail(uniqueEmail('nobody'));
		expect(error).toMatchObject({
			status: 429,
			code: 'over_request_rate_limit',
			message: 'Request rate limit reached'
		});
		const other = clientFrom().client;
		expect((await other.auth.resetPasswordForEmail(uniqueEmail('nobody'))).error).toBeNull();
	});
});

describe('token_refresh', () => {
	// Each attempt uses another unknown token: supabase-js caches a failure per token.
	const unknownToken = (i: number) => `${'a'.repeat(11)}${i}`;

	it('counts every grant on /token', async () => {
		const { client } = clientFrom();
		for (let i = 0; i < 3; i++) {
			const { error } = await client.auth.refreshSession({ refresh_token: unknownToken(i) });
			expect(error?.code).toBe('refresh_token_not_found');
		}
		const limited = await client.auth.refreshSession({ refresh_token: unknownToken(3) });
		expect(limited.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
	});
});

describe('token_verifications', () => {
	it('counts POST and GET /verify alike', async () => {
		const { ip } = clientFrom();
		const headers = { 'x-forwarded-for': ip };
		const post = await authFetch(stack, '/verify', {
			method: 'POST',
			headers,
			body: JSON.stringify({ token_hash: 'f'.repeat(56), type: 'recovery' })
		});
		expect(post.status).toBe(403);
		const get = await authFetch(stack, `/verify?token=${'f'.repeat(56)}&type=recovery`, {
			headers
		});
		expect(get.status).toBe(303);
		const limited = await authFetch(stack, '/verify', {
			method: 'POST',
			headers,
			body: JSON.stringify({ token_hash: 'f'.repeat(56), type: 'recovery' })
		});
		expect(limited.status).toBe(429);
		expect(await limited.json()).toEqual({
			code: 'over_request_rate_limit',
			message: 'Request rate limit reached'
		});
	});
});

describe('emails', () => {
	it('refuses a second email of a kind to one user within max_frequency', async () => {
		await clientFrom().client.auth.resetPasswordForEmail('member@example.com');
		const { error } = await clientFrom().client.auth.resetPasswordForEmail('member@example.com');
		expect(error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
		expect(error?.message).toMatch(
			/^For security purposes, you can only request this after \d+ seconds\.$/
		);
	});

	it('stops sending past email_sent per hour, rolling the request back', async () => {
		const admin = stack.client(stack.keys.serviceRole).auth.admin;
		let refused: { email: string; error: unknown } | undefined;
		for (let i = 0; i < 4 && !refused; i++) {
			const email = uniqueEmail('invitee');
			const { error } = await admin.inviteUserByEmail(email);
			if (error) refused = { email, error };
		}
		expect(refused?.error).toMatchObject({
			status: 429,
			code: 'over_email_send_rate_limit',
			message: 'email rate limit exceeded'
		});
		expect((await mailbox(stack)).length).toBe(3);
		const { rows } = await stack.db.query(`select 1 from auth.users where email = $1`, [
			refused!.email
		]);
		expect(rows).toEqual([]);
	});
});

describe('a project without sign-ups', () => {
	it('refuses sign-ups with 422 signup_disabled and anonymous sign-ins with anonymous_provider_disabled', async () => {
		const { client } = clientFrom();
		const signUp = await client.auth.signUp({
			email: uniqueEmail('late'),
			password: 'correct-horse-1'
		});
		expect(signUp.error).toMatchObject({
			status: 422,
			code: 'signup_disabled',
			message: 'Signups not allowed for this instance'
		});
		const anonymous = await client.auth.signInAnonymously();
		expect(anonymous.error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' });
	});
});
