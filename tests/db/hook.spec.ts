// The custom access token hook, through the Auth API: every token carries the profile's role as
// `user_role` (root and app_metadata) with `role` left `authenticated`; a role change reaches the
// next refreshed token; and no user-supplied data can put a role into a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { totpCode } from '../stack/fixtures/auth/totp';
import { demo, demoRole, projectRoot, type DemoName } from './support/demo';
import { accessToken, claimsOf, signedIn } from './support/sessions';
import { actAs, claimsOf as adminClaims, failure, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

describe("each demo user's access token", () => {
	for (const name of Object.keys(demo) as DemoName[]) {
		it(`carries user_role ${demoRole[name]} for ${demo[name].email}, with role authenticated`, async () => {
			const claims = claimsOf(await accessToken(await signedIn(stack, name)));
			expect(claims).toMatchObject({
				sub: demo[name].id,
				role: 'authenticated',
				user_role: demoRole[name],
				app_metadata: { provider: 'email', user_role: demoRole[name] }
			});
		});
	}
});

describe('the mfa_enrolled claim', () => {
	it('is false until the person verifies a factor, and true in every token after', async () => {
		const agent2 = await signedIn(stack, 'agent2');
		expect(claimsOf(await accessToken(agent2)).mfa_enrolled).toBe(false);
		const { data } = await agent2.auth.mfa.enroll({ factorType: 'totp' });
		expect(claimsOf((await agent2.auth.refreshSession()).data.session!.access_token)).toMatchObject(
			{ mfa_enrolled: false, aal: 'aal1' }
		);
		const verified = await agent2.auth.mfa.challengeAndVerify({
			factorId: data!.id,
			code: totpCode(data!.totp.secret)
		});
		expect(claimsOf(verified.data!.access_token)).toMatchObject({
			mfa_enrolled: true,
			aal: 'aal2'
		});
		const next = await signedIn(stack, 'agent2');
		expect(claimsOf(await accessToken(next))).toMatchObject({ mfa_enrolled: true, aal: 'aal1' });
	});
});

describe('a role change', () => {
	it('reaches the next refreshed token, and with it what the user may see', async () => {
		const client2 = await signedIn(stack, 'client2');
		const admin = await signedIn(stack, 'admin');
		const before = await client2.from('tickets').select('id', { count: 'exact', head: true });

		const promoted = await admin
			.from('profiles')
			.update({ role: 'agent' })
			.eq('id', demo.client2.id);
		expect(promoted.error).toBeNull();
		expect(claimsOf(await accessToken(client2)).user_role).toBe('client');

		const { data, error } = await client2.auth.refreshSession();
		expect(error).toBeNull();
		expect(claimsOf(data.session!.access_token)).toMatchObject({
			role: 'authenticated',
			user_role: 'agent',
			app_metadata: { user_role: 'agent' }
		});
		const after = await client2.from('tickets').select('id', { count: 'exact', head: true });
		expect(after.count).toBeGreaterThan(before.count!);

		await admin.from('profiles').update({ role: 'client' }).eq('id', demo.client2.id);
		const demoted = await client2.auth.refreshSession();
		expect(claimsOf(demoted.data.session!.access_token).user_role).toBe('client');
	});
});

describe('escalation through user data', () => {
	it('signing up with role or user_role in the metadata gives a client token and profile', async () => {
		const client = stack.client();
		const { data, error } = await client.auth.signUp({
			email: 'mallory@example.test',
			password: 'mallory-password',
			options: { data: { role: 'admin', user_role: 'admin', app_metadata: { user_role: 'admin' } } }
		});
		expect(error).toBeNull();
		expect(claimsOf(data.session!.access_token)).toMatchObject({
			role: 'authenticated',
			user_role: 'client',
			app_metadata: { user_role: 'client' }
		});
		const { rows } = await stack.db.query(`select role from public.profiles where id = $1`, [
			data.user!.id
		]);
		expect(rows).toEqual([{ role: 'client' }]);
	});

	it('editing one’s user metadata changes no role, in the token or in what one sees', async () => {
		const client = await signedIn(stack, 'client');
		const updated = await client.auth.updateUser({ data: { user_role: 'admin', role: 'admin' } });
		expect(updated.error).toBeNull();
		const { data } = await client.auth.refreshSession();
		const claims = claimsOf(data.session!.access_token);
		expect(claims).toMatchObject({ role: 'authenticated', user_role: 'client' });
		expect(claims.user_metadata).toMatchObject({ user_role: 'admin' });
		const tickets = await client.from('tickets').select('customer_id');
		expect(new Set(tickets.data!.map((t) => t.customer_id))).toEqual(new Set([demo.client.id]));
	});

	it('the hook cannot be called through the API', async () => {
		const client = await signedIn(stack, 'client');
		const { error } = await client.rpc('custom_access_token_hook', {
			event: { user_id: demo.admin.id, claims: {} }
		});
		expect(error?.code).toBe('42501');
	});
});

describe('the trace the hook leaves for diagnostics', () => {
	type Diagnosis = { hook: { ran: boolean } | null; claims: Record<string, unknown> };
	const diagnoseAgent = async (tx: Queryable) => {
		await actAs(tx, adminClaims('admin'));
		const { rows } = await tx.query<{ result: Diagnosis }>(
			'select public.diagnose_person($1) as result',
			[demo.agent.id]
		);
		return rows[0].result;
	};
	const traces = async (tx: Queryable) =>
		(await tx.query<{ n: number }>('select count(*)::int as n from public.access_token_hook_runs'))
			.rows[0].n;

	it('marks every session the Auth server issues a token for, and diagnostics read it', async () => {
		await signedIn(stack, 'agent');
		const result = await rolledBack(stack.db, async (tx) => {
			const before = await traces(tx);
			const diagnosis = await diagnoseAgent(tx);
			// Running the hook for diagnostics is not the Auth server running it.
			await tx.query('reset role');
			return { diagnosis, added: (await traces(tx)) - before };
		});
		expect(result.diagnosis.hook).toEqual({ last_token_at: expect.any(String), ran: true });
		expect(result.diagnosis.claims).toMatchObject({ user_role: 'agent' });
		expect(result.added).toBe(0);
	});

	it('says the hook is not running once a session got its token without it', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			// What GoTrue writes for a sign-in while the hook is disabled: a session, and no trace.
			await tx.query(
				`insert into auth.sessions (id, user_id, aal, created_at, updated_at)
				 values (gen_random_uuid(), $1, 'aal1', now() + interval '1 minute', now() + interval '1 minute')`,
				[demo.agent.id]
			);
			return diagnoseAgent(tx);
		});
		expect(result.hook).toMatchObject({ ran: false });
		expect(result.claims).toMatchObject({ role: 'authenticated', sub: demo.agent.id });
		expect(result.claims).not.toHaveProperty('user_role');
	});

	it('is hidden from every signed-in person, admins included', async () => {
		const error = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, adminClaims('admin'));
			return failure(tx, 'select * from public.access_token_hook_runs');
		});
		expect(error.code).toBe('42501');
	});
});
