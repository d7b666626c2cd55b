// SLA policies at the SQL level, with the workflow clock set per step: due times in business hours,
// the policy a ticket gets, pause and resume, next responses, priority changes, and breaches
// recorded exactly once, by the minute job or by the change that comes too late. Each test uses
// its own policy ("Test") on the seed's default calendar, Mon–Fri 09:00–17:00 Europe/Berlin; March
// 2026 starts on a Sunday.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot, supportTeamId } from './support/demo';
import { actAs, claimsOf, failure, rolledBack, runMinuteJobs, setClock } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

const targets = {
	normal: { first_response: 60, next_response: 120, resolution: 480 },
	high: { first_response: 30, next_response: 60, resolution: 240 }
};

/** Only the test policy applies, and no automation rule changes the tickets. */
async function testPolicy(tx: Queryable, conditions: object = {}): Promise<string> {
	await actAs(tx, claimsOf('admin'));
	await tx.query('update public.sla_policies set is_active = false');
	await tx.query('update public.automation_rules set is_active = false');
	const { rows } = await tx.query<{ id: string }>(
		`insert into public.sla_policies (name, position, conditions, targets)
		 values ('Test', 1, $1::jsonb, $2::jsonb) returning id`,
		[JSON.stringify(conditions), JSON.stringify(targets)]
	);
	return rows[0].id;
}

/** Files a ticket as client@ at `at`. */
async function fileTicket(tx: Queryable, at: string): Promise<number> {
	await setClock(tx, at);
	await actAs(tx, claimsOf('client'));
	const { rows } = await tx.query<{ id: number }>(
		`insert into public.tickets (subject, description) values ('Cannot log in', 'Since this morning.')
		 returning id`
	);
	return rows[0].id;
}

async function reply(tx: Queryable, who: 'client' | 'agent', ticket: number, at: string) {
	await setClock(tx, at);
	await actAs(tx, claimsOf(who));
	await tx.query(
		`insert into public.ticket_activities (ticket_id, kind, body) values ($1, 'reply', 'Hello')`,
		[ticket]
	);
}

async function setStatus(tx: Queryable, ticket: number, status: string, at: string) {
	await setClock(tx, at);
	await actAs(tx, claimsOf('agent'));
	await tx.query('update public.tickets set status = $2 where id = $1', [ticket, status]);
}

const local = (column: string) =>
	`to_char(${column} at time zone 'Europe/Berlin', 'Dy DD HH24:MI') as ${column}`;

interface Sla {
	sla_policy_id: string | null;
	sla_targets: Record<string, number> | null;
	first_response_due_at: string | null;
	next_response_due_at: string | null;
	resolution_due_at: string | null;
	sla_due_at: string | null;
	sla_next_breach_at: string | null;
	paused: boolean;
	breached: string[];
}

/** The SLA columns of a ticket, due times in Berlin local time ("Mon 02 11:00"). */
async function slaOf(tx: Queryable, ticket: number): Promise<Sla> {
	const { rows } = await tx.query<Sla>(
		`select sla_policy_id, sla_targets, ${local('first_response_due_at')},
		   ${local('next_response_due_at')}, ${local('resolution_due_at')}, ${local('sla_due_at')},
		   ${local('sla_next_breach_at')}, sla_paused_at is not null as paused,
		   array_remove(array[
		     case when first_response_breached_at is not null then 'first_response' end,
		     case when next_response_breached_at is not null then 'next_response' end,
		     case when resolution_breached_at is not null then 'resolution' end
		   ], null) as breached
		 from public.tickets where id = $1`,
		[ticket]
	);
	return rows[0];
}

/** The breach rows of a ticket's history: target and due time (Berlin). */
async function breachesOf(tx: Queryable, ticket: number) {
	const { rows } = await tx.query<{
		target: string;
		due: string;
		author_id: string | null;
		is_internal: boolean;
		policy: string;
	}>(
		`select meta ->> 'target' as target,
		   to_char((meta ->> 'due_at')::timestamptz at time zone 'Europe/Berlin', 'Dy DD HH24:MI') as due,
		   author_id, is_internal, meta -> 'policy' ->> 'name' as policy
		 from public.ticket_activities
		 where ticket_id = $1 and kind = 'system' and meta ->> 'event' = 'sla_breach' order by id`,
		[ticket]
	);
	return rows;
}

describe('due times', () => {
	it('are computed in business hours when a ticket is filed', async () => {
		const sla = await rolledBack(stack.db, async (tx) => {
			const policy = await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-06 16:30+01');
			return { policy, sla: await slaOf(tx, ticket) };
		});
		expect(sla.sla).toEqual({
			sla_policy_id: sla.policy,
			sla_targets: targets.normal,
			first_response_due_at: 'Mon 09 09:30',
			next_response_due_at: null,
			resolution_due_at: 'Mon 09 16:30',
			sla_due_at: 'Mon 09 09:30',
			sla_next_breach_at: 'Mon 09 09:30',
			paused: false,
			breached: []
		});
	});

	it('come from the first active policy, by position, whose conditions the ticket meets', async () => {
		const policies = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const { rows } = await tx.query<{ id: string }>(
				`insert into public.sla_policies (name, position, conditions, targets) values
				   ('Support team', 0, $1::jsonb, '{"normal": {"first_response": 15}}'),
				   ('VIP tag', -1, '{"tags_any": ["vip"]}', '{"normal": {"first_response": 5}}')
				 returning id`,
				[JSON.stringify({ team_id: [supportTeamId] })]
			);
			const ticket = await fileTicket(tx, '2026-03-02 10:00+01');
			const filed = await slaOf(tx, ticket);
			await actAs(tx, claimsOf('agent'));
			await tx.query('update public.tickets set team_id = $2 where id = $1', [
				ticket,
				supportTeamId
			]);
			const inTeam = await slaOf(tx, ticket);
			await tx.query(`update public.tickets set tags = '{vip}' where id = $1`, [ticket]);
			const tagged = await slaOf(tx, ticket);
			return { rows, filed, inTeam, tagged };
		});
		expect(policies.filed.sla_targets).toEqual(targets.normal);
		expect(policies.inTeam).toMatchObject({
			sla_policy_id: policies.rows[0].id,
			first_response_due_at: 'Mon 02 10:15'
		});
		expect(policies.tagged).toMatchObject({
			sla_policy_id: policies.rows[1].id,
			first_response_due_at: 'Mon 02 10:05'
		});
	});

	it('keep the business time already used when the priority changes', async () => {
		const sla = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-02 10:00+01');
			await setClock(tx, '2026-03-02 10:20+01');
			await actAs(tx, claimsOf('agent'));
			await tx.query(`update public.tickets set priority = 'high' where id = $1`, [ticket]);
			return slaOf(tx, ticket);
		});
		// 20 of 60 minutes used; high allows 30: 10 are left. Resolution: 20 of 480 used, 220 of 240 left.
		expect(sla).toMatchObject({
			sla_targets: targets.high,
			first_response_due_at: 'Mon 02 10:30',
			resolution_due_at: 'Mon 02 14:00'
		});
	});

	it('cannot be written by anyone through the API', async () => {
		const sla = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			await setClock(tx, '2026-03-02 10:00+01');
			await actAs(tx, claimsOf('client'));
			const { rows } = await tx.query<{ id: number }>(
				`insert into public.tickets (subject, description, first_response_due_at, sla_due_at, sla_policy_id)
				 values ('x', 'y', '2030-01-01', '2030-01-01', null) returning id`
			);
			await actAs(tx, claimsOf('admin'));
			await tx.query(
				`update public.tickets set resolution_due_at = '2030-01-01', resolution_breached_at = now(),
				   sla_paused_at = now() where id = $1`,
				[rows[0].id]
			);
			return slaOf(tx, rows[0].id);
		});
		expect(sla).toMatchObject({
			first_response_due_at: 'Mon 02 11:00',
			resolution_due_at: 'Tue 03 10:00',
			paused: false,
			breached: []
		});
	});
});

describe('the SLA clock', () => {
	it('pauses while the ticket is pending and resumes, shifted by the pause, when the customer replies', async () => {
		const steps = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-02 10:00+01');
			await reply(tx, 'agent', ticket, '2026-03-02 10:20+01');
			await setStatus(tx, ticket, 'pending', '2026-03-02 10:30+01');
			const paused = await slaOf(tx, ticket);
			await reply(tx, 'client', ticket, '2026-03-04 14:00+01');
			const resumed = await slaOf(tx, ticket);
			const { rows } = await tx.query<{ status: string }>(
				'select status from public.tickets where id = $1',
				[ticket]
			);
			return { paused, resumed, status: rows[0].status };
		});
		expect(steps.paused).toMatchObject({
			paused: true,
			sla_due_at: null,
			sla_next_breach_at: null
		});
		// 450 of the 480 resolution minutes were left at the pause (Mon 10:30 → Tue 10:00).
		expect(steps.status).toBe('open');
		expect(steps.resumed).toMatchObject({
			paused: false,
			resolution_due_at: 'Thu 05 13:30',
			next_response_due_at: 'Wed 04 16:00',
			sla_due_at: 'Wed 04 16:00'
		});
	});

	it('pauses while on hold, and resumes when an agent opens the ticket again', async () => {
		const sla = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-02 16:00+01');
			await setStatus(tx, ticket, 'on_hold', '2026-03-02 16:30+01');
			await setStatus(tx, ticket, 'open', '2026-03-09 09:00+01');
			return slaOf(tx, ticket);
		});
		// 30 of 60 first-response minutes were left.
		expect(sla).toMatchObject({ paused: false, first_response_due_at: 'Mon 09 09:30' });
	});

	it('times a next response from each customer reply after the first response until staff answer', async () => {
		const steps = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-02 09:00+01');
			await reply(tx, 'client', ticket, '2026-03-02 09:10+01');
			const beforeFirstResponse = await slaOf(tx, ticket);
			await reply(tx, 'agent', ticket, '2026-03-02 09:30+01');
			await reply(tx, 'client', ticket, '2026-03-02 16:00+01');
			const waiting = await slaOf(tx, ticket);
			await reply(tx, 'client', ticket, '2026-03-02 16:30+01');
			const stillWaiting = await slaOf(tx, ticket);
			await reply(tx, 'agent', ticket, '2026-03-02 16:45+01');
			return { beforeFirstResponse, waiting, stillWaiting, answered: await slaOf(tx, ticket) };
		});
		expect(steps.beforeFirstResponse.next_response_due_at).toBeNull();
		expect(steps.waiting.next_response_due_at).toBe('Tue 03 10:00');
		expect(steps.stillWaiting.next_response_due_at).toBe('Tue 03 10:00');
		expect(steps.answered).toMatchObject({
			next_response_due_at: null,
			sla_due_at: 'Mon 02 17:00',
			breached: []
		});
	});
});

describe('breaches', () => {
	it('are recorded once by the minute job, after the due time has passed', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-02 10:00+01');
			await runMinuteJobs(tx, '2026-03-02 11:00+01');
			const onTime = await breachesOf(tx, ticket);
			const job = await runMinuteJobs(tx, '2026-03-02 11:01+01');
			await runMinuteJobs(tx, '2026-03-02 11:02+01');
			await reply(tx, 'agent', ticket, '2026-03-02 11:10+01');
			await runMinuteJobs(tx, '2026-03-02 11:30+01');
			return { onTime, job, breaches: await breachesOf(tx, ticket), sla: await slaOf(tx, ticket) };
		});
		expect(outcome.onTime).toEqual([]);
		expect(outcome.job).toMatchObject({ sla_breached_tickets: 1 });
		expect(outcome.breaches).toEqual([
			{
				target: 'first_response',
				due: 'Mon 02 11:00',
				author_id: null,
				is_internal: true,
				policy: 'Test'
			}
		]);
		expect(outcome.sla).toMatchObject({
			breached: ['first_response'],
			sla_next_breach_at: 'Tue 03 10:00'
		});
	});

	it('are recorded by the change that comes too late when the job has not run', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-02 10:00+01');
			await reply(tx, 'agent', ticket, '2026-03-02 11:30+01');
			const afterReply = await breachesOf(tx, ticket);
			await runMinuteJobs(tx, '2026-03-02 11:31+01');
			return { afterReply, afterJob: await breachesOf(tx, ticket) };
		});
		expect(outcome.afterReply.map((b) => b.target)).toEqual(['first_response']);
		expect(outcome.afterJob).toEqual(outcome.afterReply);
	});

	it('of the resolution is recorded when the ticket is solved late, and not again after reopening', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-02 09:00+01');
			await reply(tx, 'agent', ticket, '2026-03-02 09:05+01');
			await setStatus(tx, ticket, 'solved', '2026-03-03 09:30+01');
			const solved = await slaOf(tx, ticket);
			await setStatus(tx, ticket, 'open', '2026-03-04 09:00+01');
			await runMinuteJobs(tx, '2026-03-04 12:00+01');
			return { solved, reopened: await slaOf(tx, ticket), breaches: await breachesOf(tx, ticket) };
		});
		expect(outcome.solved).toMatchObject({ paused: true, breached: ['resolution'] });
		expect(outcome.reopened).toMatchObject({ paused: false, sla_next_breach_at: null });
		expect(outcome.breaches.map((b) => [b.target, b.due])).toEqual([
			['resolution', 'Mon 02 17:00']
		]);
	});

	it('are not recorded while the clock is paused', async () => {
		const breaches = await rolledBack(stack.db, async (tx) => {
			await testPolicy(tx);
			const ticket = await fileTicket(tx, '2026-03-02 10:00+01');
			await setStatus(tx, ticket, 'pending', '2026-03-02 10:10+01');
			await runMinuteJobs(tx, '2026-03-09 10:00+01');
			return breachesOf(tx, ticket);
		});
		expect(breaches).toEqual([]);
	});
});

describe('saving a policy', () => {
	it('refuses bad targets and conditions with a clear reason', async () => {
		const cases: [string, object, object][] = [
			['positive whole number', { normal: { first_response: 0 } }, {}],
			['positive whole number', { normal: { resolution: -30 } }, {}],
			['positive whole number', { normal: { resolution: 1.5 } }, {}],
			['"critical" is not a priority', { critical: { first_response: 30 } }, {}],
			['unknown target "first_reply"', { normal: { first_reply: 30 } }, {}],
			['give at least one priority', {}, {}],
			['unknown condition "status"', { normal: { first_response: 30 } }, { status: ['open'] }],
			['is not a team', { normal: { first_response: 30 } }, { team_id: [demo.agent.id] }]
		];
		const errors = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			const found = [];
			for (const [, targets, conditions] of cases) {
				found.push(
					await failure(
						tx,
						`insert into public.sla_policies (name, targets, conditions) values ('Bad', $1::jsonb, $2::jsonb)`,
						[JSON.stringify(targets), JSON.stringify(conditions)]
					)
				);
			}
			return found;
		});
		errors.forEach((error, i) => {
			expect(error.code).toBe('23514');
			expect(error.message).toContain(cases[i][0]);
		});
	});

	it('is for admins: agents read policies, customers see none', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('client'));
			const clientSees = (await tx.query('select id from public.sla_policies')).rows.length;
			await actAs(tx, claimsOf('agent'));
			const agentSees = (await tx.query('select id from public.sla_policies')).rows.length;
			const agentAdds = await failure(
				tx,
				`insert into public.sla_policies (name, targets) values ('Mine', '{"low": {"resolution": 60}}')`
			);
			return { clientSees, agentSees, agentAdds: agentAdds.code };
		});
		expect(outcome).toEqual({ clientSees: 0, agentSees: 3, agentAdds: '42501' });
	});
});
