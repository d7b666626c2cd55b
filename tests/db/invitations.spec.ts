// The invitation flow through the Auth API and its mailbox, as the app runs it: an admin records
// the invitation (RLS: admins only), the server invites the address with the service role, the
// invitee follows the emailed link (/auth/confirm?token_hash=…&type=invite), verifies it and sets a
// password. The role comes from the invitation, never from metadata; a used or expired link is
// refused.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxEntry as Mail } from '../../stack/inbucket';
import { startTestStack, type TestStack } from '../support/stack';
import { projectRoot, supportTeamId } from './support/demo';
import { claimsOf, signedIn } from './support/sessions';

let stack: TestStack;
let admin: SupabaseClient;
let server: SupabaseClient;
const appOrigin = 'http://localhost:5173';

beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	admin = await signedIn(stack, 'admin');
	server = stack.client(stack.keys.serviceRole);
});
afterAll(() => stack?.stop());

/** Records the invitation as the admin, sends it as the server, and returns the emailed link. */
async function invite(
	email: string,
	role: string,
	data: Record<string, unknown> = {}
): Promise<URL> {
	const recorded = await admin.from('invitations').insert({ email, role, team_id: supportTeamId });
	if (recorded.error) throw recorded.error;
	const sent = await server.auth.admin.inviteUserByEmail(email, { redirectTo: appOrigin, data });
	if (sent.error) throw sent.error;
	const mails = (await (await fetch(`${stack.url}/mail`)).json()) as Mail[];
	const mail = mails.find((m) => m.to === email && m.type === 'invite');
	const href = mail && /href="([^"]+)"/.exec(mail.html)?.[1];
	if (!href) throw new Error(`no invite link was mailed to ${email}`);
	return new URL(href.replaceAll('&amp;', '&'));
}

const tokenHashOf = (link: URL) => link.searchParams.get('token_hash') ?? '';

describe('an invitation', () => {
	it("links to the app's /auth/confirm with the token hash and type invite", async () => {
		const link = await invite('linked@autocrm.test', 'agent');
		expect(`${link.origin}${link.pathname}`).toBe(`${appOrigin}/auth/confirm`);
		expect(link.searchParams.get('type')).toBe('invite');
		expect(tokenHashOf(link)).not.toBe('');
	});

	it('makes the invitee an agent of the team, who then sets a password and signs in', async () => {
		const link = await invite('new.agent@autocrm.test', 'agent');
		const invitee = stack.client();
		const verified = await invitee.auth.verifyOtp({
			token_hash: tokenHashOf(link),
			type: 'invite'
		});
		expect(verified.error).toBeNull();
		expect(claimsOf(verified.data.session!.access_token)).toMatchObject({ user_role: 'agent' });
		expect((await invitee.auth.updateUser({ password: 'a-new-password' })).error).toBeNull();

		const again = stack.client();
		const signIn = await again.auth.signInWithPassword({
			email: 'new.agent@autocrm.test',
			password: 'a-new-password'
		});
		expect(claimsOf(signIn.data.session!.access_token).user_role).toBe('agent');
		const { data } = await again
			.from('profiles')
			.select('role, team_id')
			.eq('email', 'new.agent@autocrm.test')
			.single();
		expect(data).toEqual({ role: 'agent', team_id: supportTeamId });
	});

	it('takes the role from the invitation, not from the metadata sent with the invite', async () => {
		const link = await invite('modest@autocrm.test', 'client', {
			role: 'admin',
			user_role: 'admin'
		});
		const verified = await stack
			.client()
			.auth.verifyOtp({ token_hash: tokenHashOf(link), type: 'invite' });
		expect(claimsOf(verified.data.session!.access_token).user_role).toBe('client');
	});

	it('cannot be used twice', async () => {
		const link = await invite('once@autocrm.test', 'agent');
		const first = await stack
			.client()
			.auth.verifyOtp({ token_hash: tokenHashOf(link), type: 'invite' });
		expect(first.error).toBeNull();
		const second = await stack
			.client()
			.auth.verifyOtp({ token_hash: tokenHashOf(link), type: 'invite' });
		expect(second.error?.code).toBe('otp_expired');
		expect(second.data.session).toBeNull();
	});

	it('is refused once its link has expired', async () => {
		const link = await invite('late@autocrm.test', 'agent');
		await stack.db.query(
			`update auth.users set confirmation_sent_at = now() - interval '2 hours' where email = 'late@autocrm.test'`
		);
		const late = await stack
			.client()
			.auth.verifyOtp({ token_hash: tokenHashOf(link), type: 'invite' });
		expect(late.error?.code).toBe('otp_expired');
		expect(late.data.session).toBeNull();
	});

	it('is never applied to an address that signed up on its own before the invite was sent', async () => {
		await admin.from('invitations').insert({ email: 'squatter@autocrm.test', role: 'admin' });
		const squatter = stack.client();
		const { data } = await squatter.auth.signUp({
			email: 'squatter@autocrm.test',
			password: 'squatter-pw'
		});
		expect(claimsOf(data.session!.access_token).user_role).toBe('client');
		const sent = await server.auth.admin.inviteUserByEmail('squatter@autocrm.test', {
			redirectTo: appOrigin
		});
		expect(sent.error?.code).toBe('email_exists');
		const { data: refreshed } = await squatter.auth.refreshSession();
		expect(claimsOf(refreshed.session!.access_token).user_role).toBe('client');
	});
});

describe('a password recovery email', () => {
	it("links to the app's /auth/confirm with type recovery, which signs the person in", async () => {
		const requested = await stack
			.client()
			.auth.resetPasswordForEmail('client2@autocrm.test', { redirectTo: appOrigin });
		expect(requested.error).toBeNull();
		const mails = (await (await fetch(`${stack.url}/mail`)).json()) as Mail[];
		const mail = mails.find((m) => m.to === 'client2@autocrm.test' && m.type === 'recovery');
		const link = new URL(/href="([^"]+)"/.exec(mail!.html)![1].replaceAll('&amp;', '&'));
		expect(`${link.origin}${link.pathname}`).toBe(`${appOrigin}/auth/confirm`);
		expect(link.searchParams.get('type')).toBe('recovery');
		const verified = await stack
			.client()
			.auth.verifyOtp({ token_hash: tokenHashOf(link), type: 'recovery' });
		expect(claimsOf(verified.data.session!.access_token).user_role).toBe('client');
	});
});
