// The agent ticket page's database rules at the SQL level: compare-and-set edits on the ticket
// version, custom field definitions and values, the tag catalogue, macros (who sees which, their
// placeholders, previews and applying them) and merging tickets. Every test rolls back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { billingTeamId, demo, projectRoot } from './support/demo';
import { actAs, actAsOwner, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

async function fileTicket(
	tx: Queryable,
	who: 'client' | 'client2' = 'client',
	subject = 'Login fails'
) {
	await actAs(tx, claimsOf(who));
	const { rows } = await tx.query<{ id: number }>(
		`insert into public.tickets (subject, description) values ($1, 'Since this morning.') returning id`,
		[subject]
	);
	return rows[0].id;
}

async function one<T>(tx: Queryable, sql: string, params: unknown[] = []): Promise<T> {
	const { rows } = await tx.query<T & Record<string, unknown>>(sql, params as never[]);
	return rows[0];
}

const versionOf = async (tx: Queryable, id: number) =>
	(await one<{ version: number }>(tx, 'select version from public.tickets where id = $1', [id]))
		.version;

describe('the ticket version', () => {
	it('counts property changes but not replies, so a customer writing in never invalidates an edit', async () => {
		const seen = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			const initial = await versionOf(tx, id);
			await tx.query(
				`insert into public.ticket_activities (ticket_id, kind, body) values ($1, 'reply', 'Any news?')`,
				[id]
			);
			const afterReply = await versionOf(tx, id);
			await actAs(tx, claimsOf('agent'));
			await tx.query(`update public.tickets set priority = 'high' where id = $1`, [id]);
			return { initial, afterReply, afterEdit: await versionOf(tx, id) };
		});
		expect(seen).toEqual({ initial: 1, afterReply: 1, afterEdit: 2 });
	});

	it('makes a stale compare-and-set edit change nothing', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			const first = await tx.query(
				`update public.tickets set priority = 'urgent' where id = $1 and version = 1 returning version`,
				[id]
			);
			await actAs(tx, claimsOf('agent2'));
			const stale = await tx.query(
				`update public.tickets set priority = 'low' where id = $1 and version = 1 returning version`,
				[id]
			);
			const { priority } = await one<{ priority: string }>(
				tx,
				'select priority from public.tickets where id = $1',
				[id]
			);
			return { first: first.rows, stale: stale.rows.length, priority };
		});
		expect(outcome).toEqual({ first: [{ version: 2 }], stale: 0, priority: 'urgent' });
	});
});

describe('custom fields', () => {
	it('are defined by admins only and read by staff, not by customers', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			const byAgent = await failure(
				tx,
				`insert into public.ticket_fields (key, label, field_type) values ('plan', 'Plan', 'text')`
			);
			const agentReads = (await tx.query('select key from public.ticket_fields')).rows.length;
			await actAs(tx, claimsOf('client'));
			const clientReads = (await tx.query('select key from public.ticket_fields')).rows.length;
			await actAs(tx, claimsOf('admin'));
			const byAdmin = await tx.query(
				`insert into public.ticket_fields (key, label, field_type) values ('plan', 'Plan', 'text') returning key`
			);
			return { byAgent: byAgent.code, agentReads, clientReads, byAdmin: byAdmin.rows };
		});
		expect(outcome.byAgent).toBe('42501');
		expect(outcome.agentReads).toBeGreaterThanOrEqual(6);
		expect(outcome.clientReads).toBe(0);
		expect(outcome.byAdmin).toEqual([{ key: 'plan' }]);
	});

	it('refuse values of the wrong type, unknown choices and unknown fields with a reason', async () => {
		const messages = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			const set = (value: string) =>
				failure(tx, `update public.tickets set custom_fields = $2::jsonb where id = $1`, [
					id,
					value
				]);
			return [
				(await set('{"product_area": "Kitchen"}')).message,
				(await set('{"affected_users": "many"}')).message,
				(await set('{"follow_up_on": "2026-02-30"}')).message,
				(await set('{"shoe_size": 42}')).message
			];
		});
		expect(messages).toEqual([
			'Product area must be one of: Sign-in, Billing, Reports, Integrations, Mobile app.',
			'Affected users takes a number.',
			'Follow up on takes a date (YYYY-MM-DD).',
			'There is no custom field "shoe_size".'
		]);
	});

	it('keep valid values, drop cleared ones, and hold a solve until required fields are filled', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			await actAs(tx, claimsOf('admin'));
			await tx.query(
				`update public.ticket_fields set required_on_solve = true where key = 'product_area'`
			);
			await actAs(tx, claimsOf('agent'));
			await tx.query(
				`update public.tickets set custom_fields = '{"platforms": ["Web", "iOS"], "bug_filed": true}' where id = $1`,
				[id]
			);
			const refused = await failure(
				tx,
				`update public.tickets set status = 'solved' where id = $1`,
				[id]
			);
			await tx.query(
				`update public.tickets set custom_fields = custom_fields || '{"product_area": "Sign-in", "bug_filed": null}' where id = $1`,
				[id]
			);
			await tx.query(`update public.tickets set status = 'solved' where id = $1`, [id]);
			return {
				refused: refused.message,
				ticket: await one(tx, 'select status, custom_fields from public.tickets where id = $1', [
					id
				])
			};
		});
		expect(outcome.refused).toBe('Fill in Product area before solving this ticket.');
		expect(outcome.ticket).toEqual({
			status: 'solved',
			custom_fields: { platforms: ['Web', 'iOS'], product_area: 'Sign-in' }
		});
	});
});

describe('the tag catalogue', () => {
	it('learns every new tag put on a ticket, for staff to pick from', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			await tx.query(`update public.tickets set tags = array['vip-customer'] where id = $1`, [id]);
			const agentSees = (await tx.query(`select name from public.tags where name like 'vip%'`))
				.rows;
			await actAs(tx, claimsOf('client'));
			const clientSees = (await tx.query('select name from public.tags')).rows.length;
			return { agentSees, clientSees };
		});
		expect(outcome).toEqual({ agentSees: [{ name: 'vip-customer' }], clientSees: 0 });
	});
});

describe('macros', () => {
	it('are shared with every agent or personal to their owner, and never shown to customers', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const count = async (who: 'agent' | 'agent2' | 'client') => {
				await actAs(tx, claimsOf(who));
				return (await tx.query('select id from public.macros')).rows.length;
			};
			return {
				agent: await count('agent'),
				agent2: await count('agent2'),
				client: await count('client')
			};
		});
		expect(outcome).toEqual({ agent: 14, agent2: 12, client: 0 });
	});

	it('may be shared only by admins; agents save personal ones', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			const shared = await failure(
				tx,
				`insert into public.macros (name, body) values ('Thanks', 'Thank you!')`
			);
			const personal = await tx.query(
				`insert into public.macros (name, body, owner_id) values ('Thanks', 'Thank you!', $1) returning name`,
				[demo.agent.id]
			);
			return { shared: shared.code, personal: personal.rows };
		});
		expect(outcome).toEqual({ shared: '42501', personal: [{ name: 'Thanks' }] });
	});

	it('refuse unknown placeholders and changes a macro cannot make, naming the problem', async () => {
		const messages = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			return [
				(
					await failure(
						tx,
						`insert into public.macros (name, body) values ('A', 'Hi {{customer.shoe_size}}')`
					)
				).message,
				(
					await failure(
						tx,
						`insert into public.macros (name, body) values ('B', 'Hi {{customer.name')`
					)
				).message,
				(
					await failure(
						tx,
						`insert into public.macros (name, actions) values ('C', '[{"type": "notify", "recipients": "team", "message": "x"}]')`
					)
				).message
			];
		});
		expect(messages[0]).toMatch(/^Unknown placeholder \{\{customer\.shoe_size\}\}\. Use one of: /);
		expect(messages[1]).toBe('A placeholder is not closed: write it as {{customer.first_name}}.');
		expect(messages[2]).toBe(
			'A macro cannot notify; it may set status, priority, type, team, assignee and tags.'
		);
	});

	it('preview the filled-in text and the changes without changing the ticket', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			const macro = await one<{ id: string }>(
				tx,
				`select id from public.macros where name = 'Escalate to Billing'`
			);
			const preview = await one<{ p: Record<string, unknown> }>(
				tx,
				'select public.preview_macro($1, $2) as p',
				[macro.id, id]
			);
			return { preview: preview.p, id, version: await versionOf(tx, id) };
		});
		expect(outcome.version).toBe(1);
		expect(outcome.preview).toMatchObject({
			message_kind: 'note',
			body: `Escalated to Billing by Alex Agent: please check the customer's last invoice (ticket #${outcome.id}).`,
			changes: expect.arrayContaining([
				{ field: 'priority', old: 'normal', new: 'high' },
				{ field: 'team_id', old: null, new: billingTeamId }
			])
		});
	});

	it('apply their changes in one step, written to the history, and refuse a stale version', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			const macro = await one<{ id: string }>(
				tx,
				`select id from public.macros where name = 'Password reset instructions'`
			);
			const applied = await one<{ r: Record<string, unknown> }>(
				tx,
				'select public.apply_macro($1, $2, 1) as r',
				[macro.id, id]
			);
			const stale = await failure(tx, 'select public.apply_macro($1, $2, 1)', [macro.id, id]);
			return {
				applied: applied.r,
				stale: stale.code,
				ticket: await one(tx, 'select status, tags from public.tickets where id = $1', [id]),
				history: (
					await tx.query(
						`select meta -> 'macro' ->> 'name' as name from public.ticket_activities
						 where ticket_id = $1 and meta ->> 'event' = 'macro'`,
						[id]
					)
				).rows
			};
		});
		expect(outcome.applied.body).toMatch(/^Hi Casey,\n\nYou can reset your password/);
		expect(outcome.applied.body).toContain('enter client@autocrm.test');
		expect(outcome.applied.version).toBe(2);
		expect(outcome.stale).toBe('PT409');
		expect(outcome.ticket).toEqual({ status: 'pending', tags: ['password-reset'] });
		expect(outcome.history).toEqual([{ name: 'Password reset instructions' }]);
	});

	it('cannot be applied by customers', async () => {
		const code = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			await actAsOwner(tx);
			const macro = await one<{ id: string }>(
				tx,
				`select id from public.macros where name = 'Greeting'`
			);
			await actAs(tx, claimsOf('client'));
			return (await failure(tx, 'select public.apply_macro($1, $2, null)', [macro.id, id])).code;
		});
		expect(code).toBe('42501');
	});
});

describe('merging tickets', () => {
	it('closes the source, links both and tells the customer on each ticket where the conversation went', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const source = await fileTicket(tx, 'client', 'Login fails');
			const target = await fileTicket(tx, 'client', 'Cannot sign in since the update');
			await actAs(tx, claimsOf('agent'));
			await tx.query('select public.merge_ticket($1, $2)', [source, target]);
			const status = await one<{ status: string }>(
				tx,
				'select status from public.tickets where id = $1',
				[source]
			);
			const link = (
				await tx.query(
					'select kind, source_ticket_id, target_ticket_id, created_by from public.ticket_links where source_ticket_id = $1',
					[source]
				)
			).rows;
			await actAs(tx, claimsOf('client'));
			const lines = (
				await tx.query(
					`select ticket_id, meta ->> 'event' as event, (meta ->> 'ticket_id')::bigint as other
					 from public.ticket_activities where ticket_id in ($1, $2) and kind = 'system'
					 and meta ->> 'event' like 'merged%' order by ticket_id`,
					[source, target]
				)
			).rows;
			return { source, target, status: status.status, link, lines };
		});
		expect(outcome.status).toBe('closed');
		expect(outcome.link).toEqual([
			{
				kind: 'merge',
				source_ticket_id: outcome.source,
				target_ticket_id: outcome.target,
				created_by: demo.agent.id
			}
		]);
		expect(outcome.lines).toEqual([
			{ ticket_id: outcome.source, event: 'merged_into', other: outcome.target },
			{ ticket_id: outcome.target, event: 'merged_from', other: outcome.source }
		]);
	});

	it('refuses a ticket into itself, into another customer’s ticket, twice, or by a customer', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const mine = await fileTicket(tx, 'client');
			const second = await fileTicket(tx, 'client');
			const theirs = await fileTicket(tx, 'client2');
			const merge = (a: number, b: number) =>
				failure(tx, 'select public.merge_ticket($1, $2)', [a, b]);
			await actAs(tx, claimsOf('client'));
			const byClient = (await merge(mine, second)).code;
			await actAs(tx, claimsOf('agent'));
			const self = (await merge(mine, mine)).message;
			const other = (await merge(mine, theirs)).message;
			await tx.query('select public.merge_ticket($1, $2)', [mine, second]);
			const twice = (await merge(mine, second)).message;
			const missing = (await merge(mine, 999999999)).code;
			return { byClient, self, other, twice, missing, mine, theirs };
		});
		expect(outcome.byClient).toBe('42501');
		expect(outcome.self).toBe('A ticket cannot be merged into itself.');
		expect(outcome.other).toBe(
			`Ticket #${outcome.theirs} belongs to another customer; only tickets of the same customer can be merged.`
		);
		expect(outcome.twice).toBe(`Ticket #${outcome.mine} was already merged into another ticket.`);
		expect(outcome.missing).toBe('P0002');
	});
});

describe('the page read (agent_ticket_page)', () => {
	interface Page {
		ticket: { id: number; subject: string };
		timeline: { kind: string; body: string | null }[];
		timeline_total: number;
		staff: unknown[];
	}
	const messages = (page: Page) =>
		page.timeline.filter((item) => item.kind === 'reply' || item.kind === 'note');

	it("answers under the caller's RLS: the agent sees the note, the customer not, another customer nothing", async () => {
		const seen = await rolledBack(stack.db, async (tx) => {
			const id = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			for (const [kind, body, internal] of [
				['note', 'Checked the logs.', true],
				['reply', 'Fixed, try again.', false]
			] as const)
				await tx.query(
					`insert into public.ticket_activities (ticket_id, kind, body, is_internal) values ($1, $2, $3, $4)`,
					[id, kind, body, internal]
				);
			const read = async (who: 'agent' | 'client' | 'client2', size = 40) => {
				await actAs(tx, claimsOf(who));
				return (
					await one<{ page: Page | null }>(tx, 'select public.agent_ticket_page($1, $2) as page', [
						id,
						size
					])
				).page;
			};
			return {
				agent: await read('agent'),
				newest: await read('agent', 1),
				client: await read('client'),
				client2: await read('client2')
			};
		});
		expect(messages(seen.agent!).map((item) => item.body)).toEqual([
			'Checked the logs.',
			'Fixed, try again.'
		]);
		expect(seen.agent!.staff.length).toBeGreaterThan(0);
		// The newest page only, with the count of all.
		expect(seen.newest!.timeline.map((item) => item.body)).toEqual(['Fixed, try again.']);
		expect(seen.newest!.timeline_total).toBe(seen.agent!.timeline_total);
		expect(messages(seen.client!).map((item) => item.body)).toEqual(['Fixed, try again.']);
		expect(seen.client!.timeline_total).toBeLessThan(seen.agent!.timeline_total);
		expect(seen.client2).toBeNull();
	});
});
