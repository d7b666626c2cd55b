// RLS matrix for profiles, teams and invitations through supabase-js, with the role escalation
// attempts: a person edits their own name only; roles and teams change only by an admin.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot, supportTeamId } from './support/demo';
import { everyone, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(() => stack?.stop());

const profileRow = async (id: string) =>
	(
		await stack.db.query<{
			role: string;
			team_id: string | null;
			full_name: string;
			email: string;
		}>('select role, team_id, full_name, email from public.profiles where id = $1', [id])
	).rows[0];

describe('profiles', () => {
	it('shows a client their own profile and the staff, never another customer', async () => {
		const { data, error } = await as.client.from('profiles').select('id, role');
		expect(error).toBeNull();
		const ids = data!.map((p) => p.id);
		expect(ids).toContain(demo.client.id);
		expect(ids).toEqual(expect.arrayContaining([demo.agent.id, demo.agent2.id, demo.admin.id]));
		expect(ids).not.toContain(demo.client2.id);
		expect(data!.filter((p) => p.role === 'client').map((p) => p.id)).toEqual([demo.client.id]);
	});

	it('shows agents and admins every profile, and anonymous callers none', async () => {
		const { rows } = await stack.db.query<{ n: number }>(
			'select count(*)::int as n from public.profiles'
		);
		for (const who of ['agent', 'admin'] as const) {
			const { count } = await as[who].from('profiles').select('*', { count: 'exact', head: true });
			expect(count, who).toBe(rows[0].n);
		}
		expect((await as.anon.from('profiles').select('id')).data).toEqual([]);
	});

	it('lets a person change their own name', async () => {
		const { error } = await as.client2
			.from('profiles')
			.update({ full_name: 'Robin C.' })
			.eq('id', demo.client2.id);
		expect(error).toBeNull();
		expect((await profileRow(demo.client2.id)).full_name).toBe('Robin C.');
	});

	it('refuses a client raising their own role, or moving into a team', async () => {
		for (const change of [{ role: 'admin' }, { role: 'agent' }, { team_id: supportTeamId }]) {
			const { error } = await as.client.from('profiles').update(change).eq('id', demo.client.id);
			expect(error?.code, JSON.stringify(change)).toBe('42501');
		}
		expect(await profileRow(demo.client.id)).toMatchObject({ role: 'client', team_id: null });
	});

	it('refuses an agent raising their own role', async () => {
		const { error } = await as.agent
			.from('profiles')
			.update({ role: 'admin' })
			.eq('id', demo.agent.id);
		expect(error?.code).toBe('42501');
		expect((await profileRow(demo.agent.id)).role).toBe('agent');
	});

	it('refuses anyone rewriting the email a profile mirrors from auth', async () => {
		const { error } = await as.client
			.from('profiles')
			.update({ email: 'admin@autocrm.test' })
			.eq('id', demo.client.id);
		expect(error?.code).toBe('42501');
	});

	it("changes nothing when a non-admin updates someone else's profile", async () => {
		for (const who of ['client', 'agent'] as const) {
			const { data } = await as[who]
				.from('profiles')
				.update({ role: 'admin' })
				.eq('id', demo.client2.id)
				.select();
			expect(data ?? [], who).toEqual([]);
		}
		expect((await profileRow(demo.client2.id)).role).toBe('client');
	});

	it("lets an admin change anyone's role and team", async () => {
		const promoted = await as.admin
			.from('profiles')
			.update({ role: 'agent', team_id: supportTeamId })
			.eq('id', demo.client2.id)
			.select('role, team_id')
			.single();
		expect(promoted.data).toEqual({ role: 'agent', team_id: supportTeamId });
		const restored = await as.admin
			.from('profiles')
			.update({ role: 'client', team_id: null })
			.eq('id', demo.client2.id);
		expect(restored.error).toBeNull();
	});

	it('cannot be inserted or deleted through the API, by anyone', async () => {
		for (const who of ['client', 'admin'] as const) {
			const insert = await as[who].from('profiles').insert({ id: randomUUID(), role: 'admin' });
			expect(insert.error?.code, who).toBe('42501');
			const remove = await as[who].from('profiles').delete().eq('id', demo.client.id).select();
			expect(remove.data ?? [], who).toEqual([]);
		}
		expect(await profileRow(demo.client.id)).toBeDefined();
	});
});

describe('teams', () => {
	it('are read by every signed-in person, not anonymously', async () => {
		for (const who of ['client', 'agent', 'admin'] as const) {
			const { data } = await as[who].from('teams').select('name').order('name');
			expect(
				data!.map((t) => t.name),
				who
			).toEqual(['Billing', 'Customer Support']);
		}
		expect((await as.anon.from('teams').select('id')).data).toEqual([]);
	});

	it('are created, renamed and deleted by admins only', async () => {
		for (const who of ['client', 'agent'] as const) {
			const { error } = await as[who].from('teams').insert({ name: `Team of ${who}` });
			expect(error?.code, who).toBe('42501');
			const renamed = await as[who]
				.from('teams')
				.update({ name: 'Hacked' })
				.eq('id', supportTeamId)
				.select();
			expect(renamed.data ?? [], who).toEqual([]);
		}
		const created = await as.admin
			.from('teams')
			.insert({ name: 'Escalations' })
			.select('id')
			.single();
		expect(created.error).toBeNull();
		const renamed = await as.admin
			.from('teams')
			.update({ description: 'Hard cases' })
			.eq('id', created.data!.id);
		expect(renamed.error).toBeNull();
		const removed = await as.admin.from('teams').delete().eq('id', created.data!.id).select('id');
		expect(removed.data).toEqual([{ id: created.data!.id }]);
	});
});

describe('invitations', () => {
	it('are created and read by admins only, in their own name', async () => {
		const denied = await as.agent
			.from('invitations')
			.insert({ email: 'friend@autocrm.test', role: 'admin' });
		expect(denied.error?.code).toBe('42501');
		const created = await as.admin
			.from('invitations')
			.insert({ email: 'new.hire@autocrm.test', role: 'agent' })
			.select('invited_by, role')
			.single();
		expect(created.data).toEqual({ invited_by: demo.admin.id, role: 'agent' });
		for (const who of ['anon', 'client', 'agent'] as const) {
			expect((await as[who].from('invitations').select('id')).data, who).toEqual([]);
		}
		expect((await as.admin.from('invitations').select('email')).data).toEqual([
			{ email: 'new.hire@autocrm.test' }
		]);
	});
});
