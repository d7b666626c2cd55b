// The admin portal's database side: the append-only audit log written by triggers, deactivation and
// the last-admin rule, the people directory, and "view as" and delivery checks that evaluate RLS as
// another person and leave the caller's own claims in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot, supportTeamId } from './support/demo';
import { actAs, actAsOwner, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

interface AuditRow {
	actor_id: string | null;
	actor_label: string;
	action: string;
	target_id: string;
	target_label: string;
	old_values: Record<string, unknown> | null;
	new_values: Record<string, unknown> | null;
}

const auditSince = async (tx: Queryable, lastId: number) =>
	(
		await tx.query<AuditRow>(
			`select actor_id, actor_label, action, target_id, target_label, old_values, new_values
			 from public.audit_log where id > $1 order by id`,
			[lastId]
		)
	).rows;

const lastAuditId = async (tx: Queryable) =>
	Number(
		(await tx.query<{ id: string }>('select coalesce(max(id), 0) as id from public.audit_log'))
			.rows[0].id
	);

/** A ticket of the demo client's and one of the second client's, each with an internal note. */
async function ticketsWithNotes(tx: Queryable) {
	await actAsOwner(tx);
	const { rows } = await tx.query<{ own: string; other: string }>(
		`select
		   (select id from public.tickets where customer_id = $1 order by id limit 1) as own,
		   (select id from public.tickets where customer_id = $2 order by id limit 1) as other`,
		[demo.client.id, demo.client2.id]
	);
	for (const id of [rows[0].own, rows[0].other]) {
		await tx.query(
			`insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal)
			 values ($1, $2, 'note', 'internal: refund suspected fraud', true)`,
			[id, demo.agent.id]
		);
	}
	return { own: Number(rows[0].own), other: Number(rows[0].other) };
}

describe('the audit log', () => {
	it('records a role change with the admin who made it and the values before and after', async () => {
		const rows = await rolledBack(stack.db, async (tx) => {
			const since = await lastAuditId(tx);
			await actAs(tx, claimsOf('admin'));
			await tx.query(`update public.profiles set role = 'admin' where id = $1`, [demo.agent.id]);
			return auditSince(tx, since);
		});
		expect(rows).toEqual([
			{
				actor_id: demo.admin.id,
				actor_label: demo.admin.email,
				action: 'person.role_changed',
				target_id: demo.agent.id,
				target_label: demo.agent.email,
				old_values: { role: 'agent' },
				new_values: { role: 'admin' }
			}
		]);
	});

	it('records teams created, renamed and deleted, and membership, with only what changed', async () => {
		const actions = await rolledBack(stack.db, async (tx) => {
			const since = await lastAuditId(tx);
			await actAs(tx, claimsOf('admin'));
			const { rows } = await tx.query<{ id: string }>(
				`insert into public.teams (name) values ('Escalations') returning id`
			);
			await tx.query(`update public.teams set name = 'Tier 2' where id = $1`, [rows[0].id]);
			await tx.query(`insert into public.team_members (team_id, agent_id) values ($1, $2)`, [
				rows[0].id,
				demo.agent.id
			]);
			await tx.query(`delete from public.teams where id = $1`, [rows[0].id]);
			return (await auditSince(tx, since)).map((row) => [
				row.action,
				row.target_label,
				row.old_values && Object.keys(row.old_values).sort().join(',')
			]);
		});
		expect(actions).toEqual([
			['team.created', 'Escalations', null],
			['team.updated', 'Tier 2', 'name'],
			['team_member.created', `${demo.agent.email} in Tier 2`, null],
			['team.deleted', 'Tier 2', expect.any(String)],
			// Removed with the team, whose name is gone by then.
			['team_member.deleted', demo.agent.email, expect.any(String)]
		]);
	});

	it('records custom ticket fields and macros, but not a macro being applied', async () => {
		const actions = await rolledBack(stack.db, async (tx) => {
			const since = await lastAuditId(tx);
			await actAs(tx, claimsOf('admin'));
			const field = await tx.query<{ id: string }>(
				`insert into public.ticket_fields (key, label, field_type) values ('plan', 'Plan', 'text') returning id`
			);
			await tx.query(`update public.ticket_fields set label = 'Plan tier' where id = $1`, [
				field.rows[0].id
			]);
			const macro = await tx.query<{ id: string }>(
				`insert into public.macros (name, body) values ('Thanks', 'Thank you!') returning id`
			);
			await tx.query(`delete from public.ticket_fields where id = $1`, [field.rows[0].id]);
			await actAs(tx, claimsOf('client'));
			const ticket = await tx.query<{ id: number }>(
				`insert into public.tickets (subject, description) values ('Login fails', 'Since today.') returning id`
			);
			await actAsOwner(tx);
			const beforeUse = await lastAuditId(tx);
			await actAs(tx, claimsOf('agent'));
			await tx.query('select public.apply_macro($1, $2, null)', [
				macro.rows[0].id,
				ticket.rows[0].id
			]);
			await actAsOwner(tx);
			const uses = await tx.query<{ usage_count: number }>(
				'select usage_count from public.macros where id = $1',
				[macro.rows[0].id]
			);
			const afterUse = await auditSince(tx, beforeUse);
			return {
				log: (await auditSince(tx, since))
					.filter(
						(row) => row.action.startsWith('ticket_field.') || row.action.startsWith('macro.')
					)
					.map((row) => [row.action, row.actor_label, row.target_label, row.new_values?.label]),
				applied: afterUse.map((row) => row.action),
				uses: uses.rows[0].usage_count
			};
		});
		expect(actions.log).toEqual([
			['ticket_field.created', demo.admin.email, 'Plan', 'Plan'],
			['ticket_field.updated', demo.admin.email, 'Plan tier', 'Plan tier'],
			['macro.created', demo.admin.email, 'Thanks', undefined],
			['ticket_field.deleted', demo.admin.email, 'Plan tier', undefined]
		]);
		expect(actions.uses).toBe(1);
		expect(actions.applied).toEqual([]);
	});

	it('is readable by admins only', async () => {
		const counts = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			await tx.query(`update public.teams set description = 'x' where id = $1`, [supportTeamId]);
			const result: Record<string, number> = {};
			for (const who of ['admin', 'agent', 'client'] as const) {
				await actAs(tx, claimsOf(who));
				const { rows } = await tx.query<{ n: string }>(
					'select count(*) as n from public.audit_log'
				);
				result[who] = Number(rows[0].n);
			}
			return result;
		});
		expect(counts.admin).toBeGreaterThan(0);
		expect(counts).toMatchObject({ agent: 0, client: 0 });
	});

	it('refuses every update, delete and truncate: admins, the service role, even the owner', async () => {
		const codes = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			await tx.query(`update public.teams set description = 'x' where id = $1`, [supportTeamId]);
			const found: string[] = [];
			for (const as of ['admin', 'service_role', 'owner'] as const) {
				if (as === 'admin') await actAs(tx, claimsOf('admin'));
				else if (as === 'service_role') await actAs(tx, { role: 'service_role' });
				else await actAsOwner(tx);
				found.push((await failure(tx, `update public.audit_log set action = 'team.x'`)).code);
				found.push((await failure(tx, 'delete from public.audit_log')).code);
				found.push((await failure(tx, 'truncate public.audit_log')).code);
				found.push(
					(
						await failure(
							tx,
							`insert into public.audit_log (actor_label, action, target_table) values ('me', 'team.forged', 'teams')`
						).catch((error: Error) => ({ code: `allowed: ${error.message}` }))
					).code
				);
			}
			return found;
		});
		// The owner may insert (triggers write as the owner); everything else is refused.
		expect(codes.slice(0, 8)).toEqual(Array(8).fill('42501'));
		expect(codes.slice(8, 11)).toEqual(['42501', '42501', '42501']);
	});
});

describe('deactivation and the last admin', () => {
	it('lets an admin deactivate a person: the profile is marked, sessions end, the log says so', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			await actAsOwner(tx);
			await tx.query(
				`insert into auth.sessions (id, user_id, created_at, updated_at) values (gen_random_uuid(), $1, now(), now())`,
				[demo.agent.id]
			);
			const since = await lastAuditId(tx);
			await actAs(tx, claimsOf('admin'));
			const { rows } = await tx.query<{ deactivated: boolean }>(
				`select deactivated_at is not null as deactivated from public.set_person_active($1, false)`,
				[demo.agent.id]
			);
			await actAsOwner(tx);
			const sessions = await tx.query<{ n: string }>(
				'select count(*) as n from auth.sessions where user_id = $1',
				[demo.agent.id]
			);
			return { rows, sessions: Number(sessions.rows[0].n), audit: await auditSince(tx, since) };
		});
		expect(result.rows).toEqual([{ deactivated: true }]);
		expect(result.sessions).toBe(0);
		expect(result.audit.map((row) => row.action)).toEqual(['person.deactivated']);
	});

	it('refuses non-admins, unknown people and deactivating oneself', async () => {
		const codes = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			const agent = await failure(tx, 'select public.set_person_active($1, false)', [
				demo.agent2.id
			]);
			await actAs(tx, claimsOf('admin'));
			const unknown = await failure(tx, 'select public.set_person_active($1, false)', [
				'00000000-0000-4000-8000-00000000dead'
			]);
			const self = await failure(tx, 'select public.set_person_active($1, false)', [demo.admin.id]);
			return [agent.code, unknown.code, self.code, self.message];
		});
		expect(codes).toEqual(['42501', 'P0002', '23514', 'You cannot deactivate yourself']);
	});

	it('never leaves the helpdesk without an active admin, whoever writes', async () => {
		const errors = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			const demote = await failure(tx, `update public.profiles set role = 'agent' where id = $1`, [
				demo.admin.id
			]);
			await actAsOwner(tx);
			const owner = await failure(
				tx,
				`update public.profiles set deactivated_at = now() where id = $1`,
				[demo.admin.id]
			);
			// With a second admin, the first may step down.
			await tx.query(`update public.profiles set role = 'admin' where id = $1`, [demo.agent.id]);
			await actAs(tx, claimsOf('admin'));
			await tx.query(`update public.profiles set role = 'agent' where id = $1`, [demo.admin.id]);
			return [demote.code, demote.message, owner.code];
		});
		expect(errors).toEqual(['23514', `${demo.admin.email} is the last active admin`, '23514']);
	});

	it('lets only admins change whether a person is active through the API', async () => {
		const error = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('client'));
			return failure(tx, `update public.profiles set deactivated_at = now() where id = $1`, [
				demo.client.id
			]);
		});
		expect(error.code).toBe('42501');
	});
});

describe('the people directory', () => {
	it('searches, filters by role and status and pages, with the total', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			const search = await tx.query<{ email: string; total: number; status: string }>(
				`select email, total, status from public.admin_people(search => 'alex')`
			);
			const agents = await tx.query<{ email: string; total: string }>(
				`select email, total from public.admin_people(role_filter => 'agent', page_size => 1)`
			);
			await tx.query('select public.set_person_active($1, false)', [demo.client2.id]);
			const deactivated = await tx.query<{ email: string }>(
				`select email from public.admin_people(status_filter => 'deactivated')`
			);
			const wildcard = await tx.query(`select 1 from public.admin_people(search => '%')`);
			return {
				search: search.rows,
				agents: agents.rows,
				deactivated: deactivated.rows,
				wildcard: wildcard.rows.length
			};
		});
		expect(result.search.map((row) => ({ ...row, total: Number(row.total) }))).toEqual([
			{ email: demo.agent.email, total: 1, status: 'active' }
		]);
		expect(result.agents).toHaveLength(1);
		expect(Number(result.agents[0].total)).toBeGreaterThanOrEqual(2);
		expect(result.deactivated).toEqual([{ email: demo.client2.email }]);
		expect(result.wildcard).toBe(0);
	});

	it("names each person's profile picture, for the list's avatars", async () => {
		const rows = await rolledBack(stack.db, async (tx) => {
			await tx.query(`update public.profiles set avatar_path = id || '/me.png' where id = $1`, [
				demo.agent.id
			]);
			await actAs(tx, claimsOf('admin'));
			return (
				await tx.query<{ email: string; avatar_path: string | null }>(
					`select email, avatar_path from public.admin_people(search => 'autocrm.test', page_size => 200)`
				)
			).rows;
		});
		expect(rows).toContainEqual({
			email: demo.agent.email,
			avatar_path: `${demo.agent.id}/me.png`
		});
		expect(rows).toContainEqual({ email: demo.client.email, avatar_path: null });
	});

	it('is refused to agents and rejects a bad status or page size', async () => {
		const codes = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			const agent = await failure(tx, 'select * from public.admin_people()');
			await actAs(tx, claimsOf('admin'));
			const status = await failure(
				tx,
				`select * from public.admin_people(status_filter => 'gone')`
			);
			const size = await failure(tx, 'select * from public.admin_people(page_size => 100000)');
			return [agent.code, status.code, size.code];
		});
		expect(codes).toEqual(['42501', '22023', '22023']);
	});
});

describe('view as', () => {
	it("shows exactly a customer's own tickets and never an internal note, audited", async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const tickets = await ticketsWithNotes(tx);
			const since = await lastAuditId(tx);
			await actAs(tx, claimsOf('admin'));
			const seen = await tx.query<{ customer_id: string }>(
				'select distinct customer_id from public.view_as_tickets($1)',
				[demo.client.id]
			);
			const activities = await tx.query<{ is_internal: boolean }>(
				'select is_internal from public.view_as_activities($1, $2)',
				[demo.client.id, tickets.own]
			);
			const otherTicket = await tx.query('select 1 from public.view_as_activities($1, $2)', [
				demo.client.id,
				tickets.other
			]);
			const audit = await auditSince(tx, since);
			return {
				seen: seen.rows,
				activities: activities.rows,
				other: otherTicket.rows.length,
				audit
			};
		});
		expect(result.seen).toEqual([{ customer_id: demo.client.id }]);
		expect(result.activities.length).toBeGreaterThan(0);
		expect(result.activities.every((row) => !row.is_internal)).toBe(true);
		expect(result.other).toBe(0);
		expect(result.audit.map((row) => [row.action, row.target_id])).toEqual([
			['person.viewed_as', demo.client.id],
			['person.viewed_as', demo.client.id],
			['person.viewed_as', demo.client.id]
		]);
	});

	it('leaves no role or claims of the other person set after it returns', async () => {
		const after = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			await tx.query('select count(*) from public.view_as_tickets($1)', [demo.client.id]);
			const { rows } = await tx.query<{ who: string; role: string; sub: string }>(
				`select current_user as who, public.user_role()::text as role, auth.uid()::text as sub`
			);
			return rows[0];
		});
		expect(after).toEqual({ who: 'authenticated', role: 'admin', sub: demo.admin.id });
	});

	it('is refused to agents and clients by the function itself', async () => {
		const codes = await rolledBack(stack.db, async (tx) => {
			const found: string[] = [];
			for (const who of ['agent', 'client'] as const) {
				await actAs(tx, claimsOf(who));
				found.push(
					(await failure(tx, 'select * from public.view_as_tickets($1)', [demo.client.id])).code
				);
				found.push(
					(await failure(tx, 'select * from public.view_as_activities($1, 1)', [demo.client.id]))
						.code
				);
				found.push((await failure(tx, 'select public.diagnose_person($1)', [demo.client.id])).code);
				found.push(
					(await failure(tx, 'select public.check_delivery($1, 1)', [demo.client.id])).code
				);
			}
			return found;
		});
		expect(codes).toEqual(Array(8).fill('42501'));
	});
});

describe('delivery diagnostics', () => {
	const check = async (tx: Queryable, person: string, ticket: number) => {
		await actAs(tx, claimsOf('admin'));
		const { rows } = await tx.query<{ result: Record<string, unknown> }>(
			'select public.check_delivery($1, $2) as result',
			[person, ticket]
		);
		return rows[0].result;
	};

	it("says a customer receives their own ticket's public activity, and not another customer's", async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const tickets = await ticketsWithNotes(tx);
			return {
				own: await check(tx, demo.client.id, tickets.own),
				other: await check(tx, demo.client.id, tickets.other)
			};
		});
		expect(result.own).toMatchObject({ receives: true, ticket_visible: true, reasons: [] });
		expect(result.own.internal_hidden).toBeGreaterThanOrEqual(1);
		expect(result.other).toMatchObject({
			receives: false,
			ticket_visible: false,
			activities_visible: 0
		});
		expect(result.other.reasons).toEqual([
			expect.stringMatching(
				/^RLS denies: none of the SELECT policies on `tickets` \(.+\) lets a client read ticket #\d+, which belongs to another customer\.$/
			)
		]);
	});

	it('explains a table removed from the realtime publication', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const tickets = await ticketsWithNotes(tx);
			await tx.query('alter publication supabase_realtime drop table public.ticket_activities');
			const delivery = await check(tx, demo.agent.id, tickets.own);
			const { rows } = await tx.query<{
				result: { tables: { table: string; published: boolean }[] };
			}>('select public.diagnose_person($1) as result', [demo.agent.id]);
			return { delivery, tables: rows[0].result.tables };
		});
		expect(result.delivery).toMatchObject({
			receives: false,
			ticket_visible: true,
			reasons: [
				'Table `ticket_activities` is not in publication `supabase_realtime`: nobody receives new replies or notes.'
			]
		});
		expect(result.tables.find((t) => t.table === 'ticket_activities')).toMatchObject({
			published: false
		});
		expect(result.tables.find((t) => t.table === 'tickets')).toMatchObject({
			published: true,
			replica_identity: 'full'
		});
		// The notification bell's table is checked with the ticket tables.
		expect(result.tables.map((t) => t.table)).toContain('notifications');
		expect(result.tables.find((t) => t.table === 'notifications')).toMatchObject({
			published: true
		});
	});

	it("computes the person's next claims with the project's hook", async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const tickets = await ticketsWithNotes(tx);
			return check(tx, demo.agent.id, tickets.own);
		});
		expect(result.claims).toMatchObject({
			role: 'authenticated',
			sub: demo.agent.id,
			user_role: 'agent',
			app_metadata: expect.objectContaining({ user_role: 'agent' })
		});
	});

	it('names a nonexistent person or ticket', async () => {
		const errors = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			const person = await failure(tx, 'select public.check_delivery($1, 1)', [
				'00000000-0000-4000-8000-00000000dead'
			]);
			const ticket = await failure(tx, 'select public.check_delivery($1, 999999999)', [
				demo.client.id
			]);
			return [person.code, ticket.code, ticket.message];
		});
		expect(errors).toEqual(['P0002', 'P0002', 'There is no ticket #999999999']);
	});
});

describe('settings', () => {
	const tagsOf = async (tx: Queryable, id: number) =>
		(await tx.query<{ tags: string[] }>('select tags from public.tickets where id = $1', [id]))
			.rows[0].tags;

	/** A ticket of the demo client's carrying `tags`, as the database's owner. */
	async function taggedTicket(tx: Queryable, tags: string[]) {
		await actAsOwner(tx);
		const { rows } = await tx.query<{ id: number }>(
			`update public.tickets set tags = array(select jsonb_array_elements_text($2::jsonb))
			 where id = (select id from public.tickets where customer_id = $1 order by id limit 1)
			 returning id`,
			[demo.client.id, JSON.stringify(tags)]
		);
		return rows[0].id;
	}

	it('renames a tag on every ticket and in the catalogue, audited, and refuses a taken name', async () => {
		const { tags, catalogue, rows, taken } = await rolledBack(stack.db, async (tx) => {
			const id = await taggedTicket(tx, ['zz-old', 'zz-other']);
			const since = await lastAuditId(tx);
			await actAs(tx, claimsOf('admin'));
			const renamed = await tx.query<{ n: number }>(
				`select public.rename_tag('zz-old', 'zz-new') as n`
			);
			expect(renamed.rows[0].n).toBe(1);
			const taken = await failure(tx, `select public.rename_tag('zz-new', 'zz-other')`);
			const catalogue = (
				await tx.query<{ name: string }>(
					`select name from public.tags where name like 'zz-%' order by name`
				)
			).rows.map((row) => row.name);
			return { tags: await tagsOf(tx, id), catalogue, rows: await auditSince(tx, since), taken };
		});
		expect(tags).toEqual(['zz-new', 'zz-other']);
		expect(catalogue).toEqual(['zz-new', 'zz-other']);
		expect(rows.map((row) => [row.action, row.target_label, row.new_values])).toEqual([
			['tag.renamed', 'zz-old', { name: 'zz-new', tickets: 1 }]
		]);
		expect(rows[0].actor_id).toBe(demo.admin.id);
		expect(taken.code).toBe('23514');
		expect(taken.message).toBe('A tag named "zz-other" already exists');
	});

	it('merges a tag into another, keeping one of them on tickets carrying both, and deletes one', async () => {
		const { merged, deleted, catalogue, actions } = await rolledBack(stack.db, async (tx) => {
			const id = await taggedTicket(tx, ['zz-a', 'zz-b', 'zz-c']);
			const since = await lastAuditId(tx);
			await actAs(tx, claimsOf('admin'));
			await tx.query(`select public.merge_tag('zz-c', 'zz-a')`);
			const merged = await tagsOf(tx, id);
			await tx.query(`select public.delete_tag('zz-b')`);
			const catalogue = (
				await tx.query<{ name: string }>(`select name from public.tags where name like 'zz-%'`)
			).rows.map((row) => row.name);
			const actions = (await auditSince(tx, since)).map((row) => row.action);
			return { merged, deleted: await tagsOf(tx, id), catalogue, actions };
		});
		expect(merged).toEqual(['zz-a', 'zz-b']);
		expect(deleted).toEqual(['zz-a']);
		expect(catalogue).toEqual(['zz-a']);
		expect(actions).toEqual(['tag.merged', 'tag.deleted']);
	});

	it('lets only admins manage tags', async () => {
		const refused = await rolledBack(stack.db, async (tx) => {
			await taggedTicket(tx, ['zz-a']);
			await actAs(tx, claimsOf('agent'));
			return failure(tx, `select public.delete_tag('zz-a')`);
		});
		expect(refused.code).toBe('42501');
	});

	it('records a change of the business details as the workspace settings, and refuses an address that is not one', async () => {
		const { rows, refused } = await rolledBack(stack.db, async (tx) => {
			const since = await lastAuditId(tx);
			await actAs(tx, claimsOf('admin'));
			await tx.query(
				`update public.app_settings set business_name = 'Acme Support', support_email = 'help@acme.test'`
			);
			const refused = await failure(
				tx,
				`update public.app_settings set support_email = 'not an address'`
			);
			return { rows: await auditSince(tx, since), refused };
		});
		expect(
			rows.map((row) => [row.action, row.target_label, row.old_values, row.new_values])
		).toEqual([
			[
				'settings.updated',
				'Workspace settings',
				{ business_name: 'AutoCRM', support_email: '' },
				{ business_name: 'Acme Support', support_email: 'help@acme.test' }
			]
		]);
		expect(refused.code).toBe('23514');
	});
});
