// Invitations at the SQL level: the role an admin stored is applied when the Auth server creates
// and invites the account (as GoTrue does it: insert the user, then set invited_at), and only then.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot, supportTeamId } from './support/demo';
import { actAs, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

interface Invitation {
	email: string;
	role: string;
	team_id?: string | null;
	expires_at?: string;
}

async function invite(tx: Queryable, invitation: Invitation): Promise<void> {
	await actAs(tx, claimsOf('admin'));
	await tx.query(
		`insert into public.invitations (email, role, team_id, expires_at)
		 values ($1, $2, $3, coalesce($4::timestamptz, now() + interval '7 days'))`,
		[invitation.email, invitation.role, invitation.team_id ?? null, invitation.expires_at ?? null]
	);
	await tx.query('reset role');
}

/** Creates an auth user as the Auth server does; `invited` also sets invited_at afterwards. */
async function createAuthUser(
	tx: Queryable,
	email: string,
	{ invited = false, userMeta = {}, appMeta = {} } = {}
): Promise<string> {
	const id = randomUUID();
	await tx.query(
		`insert into auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at)
		 values ($1, 'authenticated', 'authenticated', $2, $3::jsonb, $4::jsonb, now())`,
		[id, email, JSON.stringify(userMeta), JSON.stringify(appMeta)]
	);
	if (invited) await tx.query(`update auth.users set invited_at = now() where id = $1`, [id]);
	return id;
}

const profileOf = async (tx: Queryable, id: string) =>
	(
		await tx.query<{ role: string; team_id: string | null; email: string }>(
			'select role, team_id, email from public.profiles where id = $1',
			[id]
		)
	).rows[0];

describe('a new auth user', () => {
	it('gets a client profile, whatever role its signup metadata claims', async () => {
		const profile = await rolledBack(stack.db, async (tx) => {
			const id = await createAuthUser(tx, 'Mallory@Example.test', {
				userMeta: { role: 'admin', user_role: 'admin', full_name: 'Mallory' },
				appMeta: { user_role: 'admin' }
			});
			return profileOf(tx, id);
		});
		expect(profile).toEqual({ role: 'client', team_id: null, email: 'mallory@example.test' });
	});
});

describe('an invitation', () => {
	it('gives the invited account the invited role and team, once', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			await invite(tx, { email: 'new.agent@autocrm.test', role: 'agent', team_id: supportTeamId });
			const id = await createAuthUser(tx, 'new.agent@autocrm.test', { invited: true });
			const { rows } = await tx.query<{ accepted: boolean; user_id: string }>(
				`select accepted_at is not null as accepted, user_id from public.invitations
				 where email = 'new.agent@autocrm.test'`
			);
			return { profile: await profileOf(tx, id), invitation: rows[0], id };
		});
		expect(result.profile).toMatchObject({ role: 'agent', team_id: supportTeamId });
		expect(result.invitation).toEqual({ accepted: true, user_id: result.id });
	});

	it('matches the invited address whatever case the admin typed it in', async () => {
		const profile = await rolledBack(stack.db, async (tx) => {
			await invite(tx, { email: '  New.Lead@AutoCRM.test ', role: 'agent' });
			return profileOf(tx, await createAuthUser(tx, 'new.lead@autocrm.test', { invited: true }));
		});
		expect(profile).toMatchObject({ role: 'agent', email: 'new.lead@autocrm.test' });
	});

	it('is applied too when the Auth server sets invited_at on insert', async () => {
		const profile = await rolledBack(stack.db, async (tx) => {
			await invite(tx, { email: 'boss@autocrm.test', role: 'admin' });
			const id = randomUUID();
			await tx.query(
				`insert into auth.users (id, aud, role, email, invited_at) values ($1, 'authenticated', 'authenticated', 'boss@autocrm.test', now())`,
				[id]
			);
			return profileOf(tx, id);
		});
		expect(profile.role).toBe('admin');
	});

	it('is not taken by someone who signs up with the invited address before the invite is sent', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			await invite(tx, { email: 'target@autocrm.test', role: 'admin' });
			const id = await createAuthUser(tx, 'target@autocrm.test');
			const { rows } = await tx.query<{ pending: boolean }>(
				`select accepted_at is null as pending from public.invitations where email = 'target@autocrm.test'`
			);
			return { profile: await profileOf(tx, id), pending: rows[0].pending };
		});
		expect(result).toEqual({ profile: expect.objectContaining({ role: 'client' }), pending: true });
	});

	it('is not applied once expired', async () => {
		const profile = await rolledBack(stack.db, async (tx) => {
			await invite(tx, {
				email: 'late@autocrm.test',
				role: 'agent',
				expires_at: new Date(Date.now() - 60_000).toISOString()
			});
			return profileOf(tx, await createAuthUser(tx, 'late@autocrm.test', { invited: true }));
		});
		expect(profile.role).toBe('client');
	});

	it('is not applied twice: a second account with the same address is a client', async () => {
		const profile = await rolledBack(stack.db, async (tx) => {
			await invite(tx, { email: 'twice@autocrm.test', role: 'admin' });
			const first = await createAuthUser(tx, 'twice@autocrm.test', { invited: true });
			await tx.query('delete from auth.users where id = $1', [first]);
			return profileOf(tx, await createAuthUser(tx, 'twice@autocrm.test', { invited: true }));
		});
		expect(profile.role).toBe('client');
	});

	it('can be created, read and revoked by admins only', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			const agentInsert = await failure(
				tx,
				`insert into public.invitations (email, role) values ('x@autocrm.test', 'admin')`
			);
			await invite(tx, { email: 'seen@autocrm.test', role: 'agent' });
			await actAs(tx, claimsOf('agent'));
			const agentSees = (await tx.query('select * from public.invitations')).rows.length;
			await actAs(tx, claimsOf('client'));
			const clientDeletes = (await tx.query('delete from public.invitations')).affectedRows;
			await actAs(tx, claimsOf('admin'));
			const adminSees = (await tx.query('select * from public.invitations')).rows.length;
			const forged = await failure(
				tx,
				`insert into public.invitations (email, role, invited_by) values ('y@autocrm.test', 'admin', $1)`,
				[demo.agent.id]
			);
			return {
				agentInsert: agentInsert.code,
				agentSees,
				clientDeletes,
				adminSees,
				forged: forged.code
			};
		});
		expect(outcome).toEqual({
			agentInsert: '42501',
			agentSees: 0,
			clientDeletes: 0,
			adminSees: 1,
			forged: '42501'
		});
	});
});
