// Automation rules at the SQL level, with the workflow clock set per step: event rules on create
// and update (once per change into their conditions, attributed in the history, never looping),
// time rules run by the minute job (once per occasion), and what an admin may save. Each test
// switches the seed's rules and policies off and saves its own.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { onPostgres, startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot, supportTeamId } from './support/demo';
import { actAs, claimsOf, failure, rolledBack, runMinuteJobs, setClock } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

interface Rule {
	name: string;
	event: 'ticket_created' | 'ticket_updated' | 'ticket_created_or_updated' | 'time';
	conditions?: object;
	schedule?: object;
	actions: object[];
	position?: number;
}

/** Switches the seed's rules and SLA policies off. */
async function clearRules(tx: Queryable) {
	await actAs(tx, claimsOf('admin'));
	await tx.query('update public.automation_rules set is_active = false');
	await tx.query('update public.sla_policies set is_active = false');
}

async function saveRule(tx: Queryable, rule: Rule): Promise<string> {
	await actAs(tx, claimsOf('admin'));
	const { rows } = await tx.query<{ id: string }>(
		`insert into public.automation_rules (name, event, conditions, schedule, actions, position)
		 values ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6) returning id`,
		[
			rule.name,
			rule.event,
			JSON.stringify(rule.conditions ?? {}),
			rule.schedule ? JSON.stringify(rule.schedule) : null,
			JSON.stringify(rule.actions),
			rule.position ?? 0
		]
	);
	return rows[0].id;
}

async function fileTicket(tx: Queryable, subject = 'Cannot log in', at = '2026-03-02 09:00+01') {
	await setClock(tx, at);
	await actAs(tx, claimsOf('client'));
	const { rows } = await tx.query<{ id: number }>(
		`insert into public.tickets (subject, description) values ($1, 'Since this morning.') returning id`,
		[subject]
	);
	return rows[0].id;
}

async function update(tx: Queryable, ticket: number, set: string, at = '2026-03-02 09:30+01') {
	await setClock(tx, at);
	await actAs(tx, claimsOf('agent'));
	await tx.query(`update public.tickets set ${set} where id = $1`, [ticket]);
}

const ticketOf = async (tx: Queryable, id: number) =>
	(
		await tx.query<{ status: string; priority: string; tags: string[]; team_id: string | null }>(
			'select status, priority, tags, team_id from public.tickets where id = $1',
			[id]
		)
	).rows[0];

/** The names of the rules that ran on a ticket, in order. */
const runsOf = async (tx: Queryable, id: number) =>
	(
		await tx.query<{ name: string }>(
			`select meta -> 'automation' ->> 'name' as name from public.ticket_activities
			 where ticket_id = $1 and kind = 'system' and meta ->> 'event' = 'automation' order by id`,
			[id]
		)
	).rows.map((r) => r.name);

describe('event rules', () => {
	it('run when a ticket is created, and the history names the rule and what it changed', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			const rule = await saveRule(tx, {
				name: 'Printers are hardware',
				event: 'ticket_created',
				conditions: { subject_contains: ['printer'] },
				actions: [
					{ type: 'set_priority', priority: 'high' },
					{ type: 'add_tags', tags: ['hardware'] },
					{ type: 'add_note', body: 'See the printer FAQ first.' }
				]
			});
			const ticket = await fileTicket(tx, 'The PRINTER is on fire');
			const other = await fileTicket(tx, 'Cannot log in');
			await actAs(tx, claimsOf('agent'));
			const { rows } = await tx.query(
				`select kind, author_id, body, is_internal, meta from public.ticket_activities
				 where ticket_id = $1 order by id`,
				[ticket]
			);
			return {
				rule,
				ticket: await ticketOf(tx, ticket),
				history: rows,
				other: await runsOf(tx, other)
			};
		});
		expect(outcome.ticket).toMatchObject({ priority: 'high', tags: ['hardware'] });
		expect(outcome.history).toEqual([
			{
				kind: 'note',
				author_id: null,
				body: 'See the printer FAQ first.',
				is_internal: true,
				meta: { automation: { id: outcome.rule, name: 'Printers are hardware' } }
			},
			{
				kind: 'system',
				author_id: null,
				body: null,
				is_internal: true,
				meta: {
					event: 'automation',
					automation: { id: outcome.rule, name: 'Printers are hardware' },
					trigger: 'ticket_created',
					changes: [
						{ field: 'priority', old: 'normal', new: 'high' },
						{ field: 'tags', old: [], new: ['hardware'] }
					],
					skipped: []
				}
			}
		]);
		expect(outcome.other).toEqual([]);
	});

	it('run on an update that makes a ticket meet their conditions, once, with the changes attributed to them', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			await saveRule(tx, {
				name: 'Urgent goes to Support',
				event: 'ticket_updated',
				conditions: { priority: ['urgent'] },
				actions: [
					{ type: 'set_team', team_id: supportTeamId },
					{ type: 'notify', recipients: 'team', message: 'Urgent ticket!' }
				]
			});
			const ticket = await fileTicket(tx);
			await update(tx, ticket, `priority = 'urgent'`);
			const afterUrgent = await runsOf(tx, ticket);
			await update(tx, ticket, `subject = 'Cannot log in at all'`);
			await update(tx, ticket, `tags = '{login}'`);
			const afterOtherUpdates = await runsOf(tx, ticket);
			await update(tx, ticket, `priority = 'high'`);
			await update(tx, ticket, `priority = 'urgent'`);
			const { rows } = await tx.query(
				`select kind, author_id, meta from public.ticket_activities
				 where ticket_id = $1 and (kind = 'assignment' or meta ->> 'event' = 'notification')
				 order by id limit 2`,
				[ticket]
			);
			return { afterUrgent, afterOtherUpdates, again: await runsOf(tx, ticket), history: rows };
		});
		expect(outcome.afterUrgent).toEqual(['Urgent goes to Support']);
		expect(outcome.afterOtherUpdates).toEqual(['Urgent goes to Support']);
		expect(outcome.again).toEqual(['Urgent goes to Support', 'Urgent goes to Support']);
		expect(outcome.history).toEqual([
			{
				kind: 'assignment',
				author_id: null,
				meta: {
					field: 'team_id',
					old: null,
					new: supportTeamId,
					automation: { id: expect.any(String), name: 'Urgent goes to Support' }
				}
			},
			{
				kind: 'system',
				author_id: null,
				meta: {
					event: 'notification',
					recipients: 'team',
					recipient_ids: [demo.agent.id, demo.admin.id],
					message: 'Urgent ticket!',
					automation: { id: expect.any(String), name: 'Urgent goes to Support' }
				}
			}
		]);
	});

	it('never loop: a cycle of rules runs each rule once per change, and their own changes do not trigger them', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			const cycle: [string, string][] = [
				['x', 'y'],
				['y', 'z'],
				['z', 'x']
			];
			for (const [i, [from, to]] of cycle.entries()) {
				await saveRule(tx, {
					name: `${from} becomes ${to}`,
					event: 'ticket_updated',
					position: i,
					conditions: { tags_any: [from] },
					actions: [
						{ type: 'remove_tags', tags: [from] },
						{ type: 'add_tags', tags: [to] }
					]
				});
			}
			const ticket = await fileTicket(tx);
			await update(tx, ticket, `tags = '{x}'`);
			const once = { runs: await runsOf(tx, ticket), tags: (await ticketOf(tx, ticket)).tags };
			await update(tx, ticket, `priority = 'high'`);
			return { once, later: await runsOf(tx, ticket) };
		});
		expect(outcome.once).toEqual({
			runs: ['x becomes y', 'y becomes z', 'z becomes x'],
			tags: ['x']
		});
		expect(outcome.later).toEqual(outcome.once.runs);
	});

	it('skip an action whose target no longer exists, and say so', async () => {
		const skipped = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			const { rows } = await tx.query<{ id: string }>(
				`insert into public.teams (name) values ('Short-lived') returning id`
			);
			await saveRule(tx, {
				name: 'To the short-lived team',
				event: 'ticket_created',
				actions: [
					{ type: 'set_team', team_id: rows[0].id },
					{ type: 'add_tags', tags: ['triaged'] }
				]
			});
			await tx.query('delete from public.teams where id = $1', [rows[0].id]);
			const ticket = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			const { rows: run } = await tx.query<{ skipped: object[] }>(
				`select meta -> 'skipped' as skipped from public.ticket_activities
				 where ticket_id = $1 and meta ->> 'event' = 'automation'`,
				[ticket]
			);
			return { ticket: await ticketOf(tx, ticket), skipped: run[0].skipped, team: rows[0].id };
		});
		expect(skipped.ticket).toMatchObject({ team_id: null, tags: ['triaged'] });
		expect(skipped.skipped).toEqual([{ type: 'set_team', team_id: skipped.team }]);
	});
});

describe('rules that apply a macro', () => {
	/** A shared macro, saved as the admin. */
	async function saveMacro(tx: Queryable, body: string, actions: object[], active = true) {
		await actAs(tx, claimsOf('admin'));
		const { rows } = await tx.query<{ id: string }>(
			`insert into public.macros (name, message_kind, body, actions, is_active)
			 values ('Acknowledge ' || gen_random_uuid(), 'reply', $1, $2::jsonb, $3) returning id`,
			[body, JSON.stringify(actions), active]
		);
		return rows[0].id;
	}

	it("make the macro's changes and send its text with the placeholders filled in, attributed to the rule", async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			const macro = await saveMacro(tx, 'We have ticket #{{ticket.id}} and are on it.', [
				{ type: 'set_priority', priority: 'high' }
			]);
			const rule = await saveRule(tx, {
				name: 'Acknowledge outages',
				event: 'ticket_created',
				conditions: { subject_contains: ['outage'] },
				actions: [
					{ type: 'apply_macro', macro_id: macro },
					{ type: 'add_tags', tags: ['outage'] }
				]
			});
			const ticket = await fileTicket(tx, 'Outage in the EU region');
			await actAs(tx, claimsOf('client'));
			const { rows: replies } = await tx.query(
				`select author_id, body, meta from public.ticket_activities
				 where ticket_id = $1 and kind = 'reply'`,
				[ticket]
			);
			await actAs(tx, claimsOf('admin'));
			const { rows: saved } = await tx.query(
				'select actions from public.automation_rules where id = $1',
				[rule]
			);
			return { rule, macro, ticket, state: await ticketOf(tx, ticket), replies, saved };
		});
		expect(outcome.saved[0].actions).toEqual([
			{ type: 'add_tags', tags: ['outage'] },
			{ type: 'apply_macro', macro_id: outcome.macro }
		]);
		expect(outcome.state).toMatchObject({ priority: 'high', tags: ['outage'] });
		expect(outcome.replies).toEqual([
			{
				author_id: null,
				body: `We have ticket #${outcome.ticket} and are on it.`,
				meta: { automation: { id: outcome.rule, name: 'Acknowledge outages' } }
			}
		]);
	});

	it('refuses a macro that is missing, switched off, personal, repeated or changing what the rule changes', async () => {
		const reasons = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			const pending = await saveMacro(tx, '', [{ type: 'set_status', status: 'pending' }]);
			const off = await saveMacro(tx, 'Hello', [], false);
			await actAs(tx, claimsOf('agent'));
			const { rows } = await tx.query<{ id: string }>(
				`insert into public.macros (name, body, owner_id) values ('Mine', 'Hi', $1) returning id`,
				[demo.agent.id]
			);
			await actAs(tx, claimsOf('admin'));
			const attempt = async (actions: object[]) =>
				(
					await failure(
						tx,
						`insert into public.automation_rules (name, event, actions)
						 values ('Macro rule', 'ticket_created', $1::jsonb)`,
						[JSON.stringify(actions)]
					)
				).message;
			return [
				await attempt([{ type: 'apply_macro', macro_id: '7e000000-0000-4000-8000-0000000000ff' }]),
				await attempt([{ type: 'apply_macro', macro_id: off }]),
				await attempt([{ type: 'apply_macro', macro_id: rows[0].id }]),
				await attempt([
					{ type: 'apply_macro', macro_id: pending },
					{ type: 'apply_macro', macro_id: pending }
				]),
				await attempt([
					{ type: 'set_status', status: 'solved' },
					{ type: 'apply_macro', macro_id: pending }
				])
			];
		});
		expect(reasons).toEqual([
			'actions: apply_macro needs "macro_id": the id of a shared macro',
			expect.stringMatching(/^actions: the macro "Acknowledge .+" is switched off/),
			'actions: apply_macro needs "macro_id": the id of a shared macro',
			'actions: a rule applies one macro at most',
			expect.stringMatching(/^actions: the macro "Acknowledge .+" already changes status/)
		]);
	});
	it("are checked with the macro's changes: none may undo the rule's condition or set another rule off forever", async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			const solve = await saveMacro(tx, 'Solved, thanks.', [
				{ type: 'set_status', status: 'solved' }
			]);
			const low = await saveMacro(tx, '', [{ type: 'set_priority', priority: 'low' }]);
			await saveRule(tx, {
				name: 'Low or high: high',
				event: 'ticket_updated',
				conditions: { priority: ['low', 'high'] },
				actions: [{ type: 'set_priority', priority: 'high' }]
			});
			const attempt = async (name: string, conditions: object, macro: string) =>
				(
					await failure(
						tx,
						`insert into public.automation_rules (name, event, conditions, actions)
						 values ($1, 'ticket_updated', $2::jsonb, $3::jsonb)`,
						[
							name,
							JSON.stringify(conditions),
							JSON.stringify([{ type: 'apply_macro', macro_id: macro }])
						]
					)
				).message;
			const refusals = [
				await attempt('Solve open tickets', { status: ['open'] }, solve),
				await attempt('Low or high: low', { priority: ['low', 'high'] }, low)
			];
			// The same macros where they fight nothing are fine.
			await saveRule(tx, {
				name: 'Solve thanked tickets',
				event: 'ticket_updated',
				conditions: { tags_any: ['thanks'] },
				actions: [{ type: 'apply_macro', macro_id: solve }]
			});
			const { rows } = await tx.query<{ name: string }>(
				'select name from public.automation_rules where is_active order by name'
			);
			return { refusals, saved: rows.map((row) => row.name) };
		});
		expect(outcome.refusals).toEqual([
			'rule "Solve open tickets" contradicts itself: its action sets status to solved, which its own condition (status is open) excludes, so it would undo the change it reacts to',
			expect.stringContaining(
				'rules "Low or high: low" and "Low or high: high" would set each other off forever'
			)
		]);
		expect(outcome.saved).toEqual(['Low or high: high', 'Solve thanked tickets']);
	});
});

describe('the runs of each rule', () => {
	it('are counted with the last run for staff, from the history, and customers get none', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			const rule = await saveRule(tx, {
				name: 'Tag everything',
				event: 'ticket_created',
				actions: [{ type: 'add_tags', tags: ['seen'] }]
			});
			await fileTicket(tx, 'One', '2026-03-02 09:00+01');
			await fileTicket(tx, 'Two', '2026-03-02 10:00+01');
			const runsAs = async (who: 'admin' | 'agent' | 'client') => {
				await actAs(tx, claimsOf(who));
				const { rows } = await tx.query<{ runs: number; last_is_second: boolean }>(
					`select runs::int, last_run_at = '2026-03-02 10:00+01' as last_is_second
					 from public.automation_rule_runs() where rule_id = $1`,
					[rule]
				);
				return rows;
			};
			return {
				admin: await runsAs('admin'),
				agent: await runsAs('agent'),
				client: await runsAs('client')
			};
		});
		expect(outcome.admin).toEqual([{ runs: 2, last_is_second: true }]);
		expect(outcome.agent).toEqual(outcome.admin);
		expect(outcome.client).toEqual([]);
	});
});

describe('time rules', () => {
	it('solve a ticket pending for 3 business days, with a message to the customer, once', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			await saveRule(tx, {
				name: 'Solve stale pending tickets',
				event: 'time',
				conditions: { status: ['pending'] },
				schedule: { since: 'status_changed', minutes: 3 * 8 * 60, business: true },
				actions: [
					{ type: 'reply', body: 'We have not heard back, so we are marking this solved.' },
					{ type: 'set_status', status: 'solved' }
				]
			});
			const ticket = await fileTicket(tx);
			await update(tx, ticket, `status = 'pending'`, '2026-03-02 10:00+01');
			const early = await runMinuteJobs(tx, '2026-03-05 09:59+01');
			const due = await runMinuteJobs(tx, '2026-03-05 10:00+01');
			const again = await runMinuteJobs(tx, '2026-03-05 10:05+01');
			await actAs(tx, claimsOf('client'));
			const { rows } = await tx.query<{ kind: string; body: string | null }>(
				`select kind, body from public.ticket_activities where ticket_id = $1 order by id`,
				[ticket]
			);
			return { early, due, again, ticket: await ticketOf(tx, ticket), customerSees: rows };
		});
		expect(outcome.early).toMatchObject({ time_rule_runs: 0 });
		expect(outcome.due).toMatchObject({ time_rule_runs: 1 });
		expect(outcome.again).toMatchObject({ time_rule_runs: 0 });
		expect(outcome.ticket.status).toBe('solved');
		expect(outcome.customerSees).toEqual([
			{ kind: 'status', body: null },
			{ kind: 'status', body: null },
			{ kind: 'reply', body: 'We have not heard back, so we are marking this solved.' }
		]);
	});

	it('close a ticket solved for 4 days (calendar time), and never touch closed tickets', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			await saveRule(tx, {
				name: 'Close solved tickets',
				event: 'time',
				conditions: { status: ['solved'] },
				schedule: { since: 'status_changed', minutes: 4 * 24 * 60 },
				actions: [{ type: 'set_status', status: 'closed' }]
			});
			await saveRule(tx, {
				name: 'Note on anything quiet',
				event: 'time',
				schedule: { since: 'status_changed', minutes: 60 },
				actions: [{ type: 'add_note', body: 'Quiet for an hour.' }]
			});
			const ticket = await fileTicket(tx, 'Solved soon', '2026-03-02 10:00+01');
			await update(tx, ticket, `status = 'solved'`, '2026-03-02 10:00+01');
			await runMinuteJobs(tx, '2026-03-06 09:59+01');
			const before = (await ticketOf(tx, ticket)).status;
			await runMinuteJobs(tx, '2026-03-06 10:00+01');
			const closed = (await ticketOf(tx, ticket)).status;
			await runMinuteJobs(tx, '2026-03-09 10:00+01');
			return { before, closed, runs: await runsOf(tx, ticket) };
		});
		expect(outcome.before).toBe('solved');
		expect(outcome.closed).toBe('closed');
		expect(outcome.runs).toEqual(['Note on anything quiet', 'Close solved tickets']);
	});

	it('raise the priority and notify the team once 80% of the first response target is used', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			await tx.query(
				`insert into public.sla_policies (name, targets)
				 values ('Test', '{"normal": {"first_response": 60}, "high": {"first_response": 30}}')`
			);
			await saveRule(tx, {
				name: 'Escalate at 80%',
				event: 'time',
				schedule: { sla_target: 'first_response', percent_used: 80 },
				actions: [
					{ type: 'raise_priority' },
					{ type: 'notify', recipients: 'team', message: 'First response 80% used.' }
				]
			});
			const ticket = await fileTicket(tx, 'Slow', '2026-03-02 10:00+01');
			const early = await runMinuteJobs(tx, '2026-03-02 10:47+01');
			const due = await runMinuteJobs(tx, '2026-03-02 10:48+01');
			const again = await runMinuteJobs(tx, '2026-03-02 10:55+01');
			return {
				early,
				due,
				again,
				ticket: await ticketOf(tx, ticket),
				runs: await runsOf(tx, ticket)
			};
		});
		expect(outcome.early).toMatchObject({ time_rule_runs: 0 });
		expect(outcome.due).toMatchObject({ time_rule_runs: 1 });
		expect(outcome.again).toMatchObject({ time_rule_runs: 0 });
		expect(outcome.ticket.priority).toBe('high');
		expect(outcome.runs).toEqual(['Escalate at 80%']);
	});
});

describe('saving a rule', () => {
	it('refuses a rule that contradicts itself, would loop, or cannot run, with a clear reason', async () => {
		const cases: [string, Rule][] = [
			[
				'contradicts itself: its action sets priority to low, which its own condition (priority is urgent) excludes',
				{
					name: 'Never urgent',
					event: 'ticket_updated',
					conditions: { priority: ['urgent'] },
					actions: [{ type: 'set_priority', priority: 'low' }]
				}
			],
			[
				'rules "Low or high: low" and "Low or high: high" would set each other off forever',
				{
					name: 'Low or high: low',
					event: 'ticket_created_or_updated',
					conditions: { priority: ['low', 'high'] },
					actions: [{ type: 'set_priority', priority: 'low' }]
				}
			],
			[
				'one adds the tag "b" the other removes',
				{
					name: 'Remove b',
					event: 'ticket_updated',
					conditions: { tags_any: ['b'] },
					actions: [{ type: 'remove_tags', tags: ['b'] }]
				}
			],
			[
				'apply_macro needs "macro_id": the id of a shared macro',
				{
					name: 'Macro',
					event: 'ticket_created',
					actions: [{ type: 'apply_macro', macro_id: 'x' }]
				}
			],
			[
				'unknown action "delete"',
				{ name: 'Delete', event: 'ticket_created', actions: [{ type: 'delete' }] }
			],
			[
				'an update rule needs a condition',
				{ name: 'Always', event: 'ticket_updated', actions: [{ type: 'add_tags', tags: ['seen'] }] }
			],
			[
				'time rules need a schedule',
				{ name: 'No schedule', event: 'time', actions: [{ type: 'add_tags', tags: ['old'] }] }
			],
			[
				'only time rules have a schedule',
				{
					name: 'Scheduled event',
					event: 'ticket_created',
					schedule: { since: 'updated', minutes: 5 },
					actions: [{ type: 'add_tags', tags: ['old'] }]
				}
			],
			[
				'time rules never run on closed tickets',
				{
					name: 'Closed',
					event: 'time',
					conditions: { status: ['closed'] },
					schedule: { since: 'updated', minutes: 5 },
					actions: [{ type: 'add_tags', tags: ['old'] }]
				}
			],
			[
				'"percent_used" must be a whole number from 1 to 100',
				{
					name: 'Too late',
					event: 'time',
					schedule: { sla_target: 'resolution', percent_used: 150 },
					actions: [{ type: 'raise_priority' }]
				}
			],
			[
				'two actions change priority',
				{
					name: 'Twice',
					event: 'ticket_created',
					actions: [{ type: 'raise_priority' }, { type: 'set_priority', priority: 'low' }]
				}
			],
			[
				'tag "x" is both added and removed',
				{
					name: 'Flip',
					event: 'ticket_created',
					actions: [
						{ type: 'add_tags', tags: ['x'] },
						{ type: 'remove_tags', tags: ['x'] }
					]
				}
			],
			[
				'assign needs "assignee_id": the id of an agent',
				{
					name: 'To a customer',
					event: 'ticket_created',
					actions: [{ type: 'assign', assignee_id: demo.client.id }]
				}
			],
			[
				'"someday" is not a ticket status',
				{
					name: 'Someday',
					event: 'ticket_created',
					conditions: { status: ['someday'] },
					actions: [{ type: 'raise_priority' }]
				}
			]
		];
		const outcome = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			await saveRule(tx, {
				name: 'Low or high: high',
				event: 'ticket_updated',
				conditions: { priority: ['low', 'high'] },
				actions: [{ type: 'set_priority', priority: 'high' }]
			});
			await saveRule(tx, {
				name: 'Add b',
				event: 'ticket_updated',
				conditions: { tags_none: ['b'], status: ['open'] },
				actions: [{ type: 'add_tags', tags: ['b'] }]
			});
			const errors = [];
			for (const [, rule] of cases) {
				errors.push(
					await failure(
						tx,
						`insert into public.automation_rules (name, event, conditions, schedule, actions)
						 values ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb)`,
						[
							rule.name,
							rule.event,
							JSON.stringify(rule.conditions ?? {}),
							rule.schedule ? JSON.stringify(rule.schedule) : null,
							JSON.stringify(rule.actions)
						]
					)
				);
			}
			const { rows } = await tx.query<{ n: number }>(
				'select count(*)::int as n from public.automation_rules where is_active'
			);
			return { errors, saved: rows[0].n };
		});
		expect(outcome.saved).toBe(2);
		outcome.errors.forEach((error, i) => {
			expect(error.code, cases[i][0]).toBe('23514');
			expect(error.message).toContain(cases[i][0]);
		});
	});

	it('accepts the usual triage rules: "no team yet → set the team", "not tagged → tag it"', async () => {
		const saved = await rolledBack(stack.db, async (tx) => {
			await clearRules(tx);
			await saveRule(tx, {
				name: 'Triage',
				event: 'ticket_created_or_updated',
				conditions: { team_id: [null], tags_none: ['triaged'] },
				actions: [
					{ type: 'set_team', team_id: supportTeamId },
					{ type: 'add_tags', tags: ['triaged'] }
				]
			});
			return (await tx.query('select 1 from public.automation_rules where is_active')).rows.length;
		});
		expect(saved).toBe(1);
	});

	it('is for admins: agents read rules, customers see none', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('client'));
			const clientSees = (await tx.query('select id from public.automation_rules')).rows.length;
			await actAs(tx, claimsOf('agent'));
			const agentSees = (await tx.query('select id from public.automation_rules')).rows.length;
			const agentDeletes = (await tx.query('delete from public.automation_rules')).affectedRows;
			return { clientSees, agentSees, agentDeletes };
		});
		expect(outcome).toEqual({ clientSees: 0, agentSees: 8, agentDeletes: 0 });
	});
});

describe.runIf(onPostgres)('the minute job', () => {
	it('gives way when another run is still going, or waits for it when asked to', async () => {
		const url = stack.databaseUrl!;
		const [first, second, observer] = [url, url, url].map(
			(connectionString) => new pg.Client({ connectionString })
		);
		await Promise.all([first.connect(), second.connect(), observer.connect()]);
		try {
			await first.query('begin');
			const running = await first.query('select public.run_minute_jobs(wait => true) as result');
			const overlapping = await second.query('select public.run_minute_jobs() as result');
			const { rows: pid } = await second.query<{ pid: number }>('select pg_backend_pid() as pid');
			const waiting = second.query('select public.run_minute_jobs(wait => true) as result');
			// The waiting run is blocked on the job's advisory lock until the first run commits.
			for (;;) {
				const { rows } = await observer.query<{ blocked: boolean }>(
					`select exists (select 1 from pg_locks where pid = $1 and locktype = 'advisory' and not granted) as blocked`,
					[pid[0].pid]
				);
				if (rows[0].blocked) break;
			}
			await first.query('commit');
			expect(running.rows[0].result.skipped).toBe(false);
			expect(overlapping.rows[0].result.skipped).toBe(true);
			expect((await waiting).rows[0].result.skipped).toBe(false);
		} finally {
			await Promise.all([first.end(), second.end(), observer.end()]);
		}
	});
});
