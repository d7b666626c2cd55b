// Routing at the SQL level: who gets a new, reopened or moved ticket (round robin, least loaded,
// skills, capacity, availability and heartbeats), what waits and when it is routed, what an admin
// may save, and fairness under 50 concurrent inserts from separate connections (PostgreSQL).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { onPostgres, startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot, supportTeamId } from './support/demo';
import {
	actAs,
	actAsOwner,
	claimsOf,
	failure,
	rolledBack,
	runMinuteJobs,
	setClock
} from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

const T = '2026-03-02 10:00+01';

type Staff = 'agent' | 'agent2' | 'admin';

/** A team "Test" with `mode` routing and the given members (agent, agent2, admin); the seed's
 * teams route manually and no rule runs, so only this team hands out tickets. */
async function testTeam(
	tx: Queryable,
	mode: 'round_robin' | 'least_loaded' | 'manual',
	members: { who: Staff; skills?: string[]; capacity?: number }[],
	skillsRouting = false
): Promise<string> {
	await actAs(tx, claimsOf('admin'));
	await tx.query('update public.automation_rules set is_active = false');
	await tx.query(`update public.teams set routing_mode = 'manual'`);
	const { rows } = await tx.query<{ id: string }>(
		`insert into public.teams (name, routing_mode, skills_routing) values ('Test', $1, $2) returning id`,
		[mode, skillsRouting]
	);
	for (const member of members) {
		await tx.query(
			`insert into public.team_members (team_id, agent_id, skills, capacity) values ($1, $2, $3, $4)`,
			[
				rows[0].id,
				demo[member.who].id,
				`{${(member.skills ?? []).join(',')}}`,
				member.capacity ?? null
			]
		);
	}
	return rows[0].id;
}

/** `who` chooses an availability at `at` (which also counts as a heartbeat). */
async function setAvailability(tx: Queryable, who: Staff, status: string, at = T) {
	await setClock(tx, at);
	await actAs(tx, claimsOf(who));
	await tx.query('select public.set_availability($1)', [status]);
}

/** Files a ticket in `team` as agent@ (on behalf of client@) at `at`; returns id and assignee. */
async function fileInTeam(tx: Queryable, team: string, tags: string[] = [], at = T) {
	await setClock(tx, at);
	await actAs(tx, claimsOf('agent'));
	const { rows } = await tx.query<{ id: number; assignee_id: string | null }>(
		`insert into public.tickets (subject, description, customer_id, team_id, tags)
		 values ('Routed', 'Please help.', $1, $2, $3) returning id, assignee_id`,
		[demo.client.id, team, `{${tags.join(',')}}`]
	);
	return rows[0];
}

const nameOf = (id: string | null) =>
	(Object.keys(demo) as (keyof typeof demo)[]).find((who) => demo[who].id === id) ?? id;

const assigneeOf = async (tx: Queryable, ticket: number) =>
	nameOf(
		(
			await tx.query<{ assignee_id: string | null }>(
				'select assignee_id from public.tickets where id = $1',
				[ticket]
			)
		).rows[0].assignee_id
	);

describe('round robin', () => {
	it('hands tickets to the available members in turn, recorded as routing in the history', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'round_robin', [
				{ who: 'agent' },
				{ who: 'agent2' },
				{ who: 'admin' }
			]);
			for (const who of ['agent', 'agent2', 'admin'] as const)
				await setAvailability(tx, who, 'available');
			const assigned = [];
			for (let i = 0; i < 6; i++) assigned.push(nameOf((await fileInTeam(tx, team)).assignee_id));
			const { rows } = await tx.query<{ author_id: string | null; meta: Record<string, unknown> }>(
				`select author_id, meta from public.ticket_activities
				 where kind = 'assignment' and ticket_id = (select max(id) from public.tickets)`
			);
			return { assigned, history: rows, team };
		});
		expect(outcome.assigned).toEqual(['agent', 'agent2', 'admin', 'agent', 'agent2', 'admin']);
		expect(outcome.history).toEqual([
			{
				author_id: null,
				meta: {
					field: 'assignee_id',
					old: null,
					new: demo.admin.id,
					routing: { mode: 'round_robin', team_id: outcome.team, turn: expect.any(Number) }
				}
			}
		]);
	});

	it('skips members who are away, offline, or whose heartbeat stopped more than 2 minutes ago', async () => {
		const assigned = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'round_robin', [
				{ who: 'agent' },
				{ who: 'agent2' },
				{ who: 'admin' }
			]);
			await setAvailability(tx, 'agent', 'away');
			await setAvailability(tx, 'agent2', 'offline');
			await setAvailability(tx, 'admin', 'available', '2026-03-02 09:57+01');
			const stale = (await fileInTeam(tx, team)).assignee_id;
			await setClock(tx, '2026-03-02 09:59+01');
			await actAs(tx, claimsOf('admin'));
			await tx.query('select public.heartbeat()');
			return { stale, fresh: (await fileInTeam(tx, team)).assignee_id };
		});
		expect(assigned).toEqual({ stale: null, fresh: demo.admin.id });
	});

	it('skips members at their capacity of open tickets', async () => {
		const assigned = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'round_robin', [
				{ who: 'agent2', capacity: 1 },
				{ who: 'admin', capacity: 2 }
			]);
			await actAsOwner(tx);
			await tx.query(`update public.tickets set assignee_id = null where assignee_id = $1`, [
				demo.agent2.id
			]);
			await setAvailability(tx, 'agent2', 'available');
			await setAvailability(tx, 'admin', 'available');
			const names = [];
			for (let i = 0; i < 4; i++) names.push(nameOf((await fileInTeam(tx, team)).assignee_id));
			return names;
		});
		expect(assigned).toEqual(['agent2', 'admin', 'admin', null]);
	});
});

describe('least loaded', () => {
	it('gives each ticket to the available member with the fewest open tickets', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'least_loaded', [
				{ who: 'agent' },
				{ who: 'agent2' },
				{ who: 'admin' }
			]);
			for (const who of ['agent', 'agent2', 'admin'] as const)
				await setAvailability(tx, who, 'available');
			await actAsOwner(tx);
			const { rows } = await tx.query<{ agent_id: string; open_tickets: number }>(
				'select agent_id, open_tickets from public.agent_status order by open_tickets'
			);
			const names = [];
			for (let i = 0; i < 3; i++) names.push(nameOf((await fileInTeam(tx, team)).assignee_id));
			const { rows: after } = await tx.query<{ open_tickets: number }>(
				'select open_tickets from public.agent_status where agent_id = $1',
				[demo.admin.id]
			);
			return { loads: rows, names, adminLoad: after[0].open_tickets };
		});
		expect(outcome.loads[0]).toEqual({ agent_id: demo.admin.id, open_tickets: 0 });
		expect(outcome.names).toEqual(['admin', 'admin', 'admin']);
		expect(outcome.adminLoad).toBe(3);
	});
});

describe('skills', () => {
	it('route a ticket to a member whose skills cover its tags that are skills in the team', async () => {
		const assigned = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(
				tx,
				'round_robin',
				[
					{ who: 'agent', skills: ['login', 'api'] },
					{ who: 'agent2', skills: ['refund', 'invoice'] }
				],
				true
			);
			await setAvailability(tx, 'agent', 'available');
			await setAvailability(tx, 'agent2', 'available');
			return {
				refund: nameOf((await fileInTeam(tx, team, ['refund'])).assignee_id),
				loginAndOther: nameOf((await fileInTeam(tx, team, ['login', 'angry'])).assignee_id),
				untagged: nameOf((await fileInTeam(tx, team, [])).assignee_id),
				noOneHasBoth: (await fileInTeam(tx, team, ['login', 'refund'])).assignee_id
			};
		});
		expect(assigned).toEqual({
			refund: 'agent2',
			loginAndOther: 'agent',
			untagged: 'agent2',
			noOneHasBoth: null
		});
	});
});

describe('waiting tickets', () => {
	it('wait unassigned while nobody is available, and go to the first member who becomes available', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'round_robin', [{ who: 'agent2' }, { who: 'admin' }]);
			await setAvailability(tx, 'agent2', 'away');
			const waiting = await fileInTeam(tx, team);
			await setAvailability(tx, 'agent2', 'available', '2026-03-02 10:05+01');
			return { waiting: waiting.assignee_id, after: await assigneeOf(tx, waiting.id) };
		});
		expect(outcome).toEqual({ waiting: null, after: 'agent2' });
	});

	it('go to an agent whose heartbeat comes back after a gap', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'round_robin', [{ who: 'agent2' }]);
			await setAvailability(tx, 'agent2', 'available', '2026-03-02 09:00+01');
			const waiting = await fileInTeam(tx, team);
			await setClock(tx, '2026-03-02 10:01+01');
			await actAs(tx, claimsOf('agent2'));
			await tx.query('select public.heartbeat()');
			return { waiting: waiting.assignee_id, after: await assigneeOf(tx, waiting.id) };
		});
		expect(outcome).toEqual({ waiting: null, after: 'agent2' });
	});

	it('are routed by the minute job once someone has room again', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'round_robin', [{ who: 'admin', capacity: 1 }]);
			await setAvailability(tx, 'admin', 'available');
			const first = await fileInTeam(tx, team);
			const second = await fileInTeam(tx, team);
			await actAs(tx, claimsOf('admin'));
			await tx.query(`update public.tickets set status = 'solved' where id = $1`, [first.id]);
			await setClock(tx, '2026-03-02 10:01+01');
			await tx.query('select public.heartbeat()');
			const job = await runMinuteJobs(tx, '2026-03-02 10:01:30+01');
			return { second: second.assignee_id, job, after: await assigneeOf(tx, second.id) };
		});
		expect(outcome.second).toBeNull();
		expect(outcome.job).toMatchObject({ routed_tickets: 1 });
		expect(outcome.after).toBe('admin');
	});

	it('include reopened and moved tickets, but a manual team routes nothing', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const manual = await testTeam(tx, 'manual', [{ who: 'agent2' }]);
			await setAvailability(tx, 'agent2', 'available');
			const ticket = await fileInTeam(tx, manual);
			await actAs(tx, claimsOf('admin'));
			await tx.query(`update public.teams set routing_mode = 'round_robin' where id = $1`, [
				manual
			]);
			await tx.query(`update public.tickets set status = 'solved' where id = $1`, [ticket.id]);
			const beforeReopen = await assigneeOf(tx, ticket.id);
			await tx.query(`update public.tickets set status = 'open' where id = $1`, [ticket.id]);
			const reopened = await assigneeOf(tx, ticket.id);
			const moved = await fileInTeam(tx, supportTeamId);
			await tx.query(`update public.tickets set team_id = $2, assignee_id = null where id = $1`, [
				moved.id,
				manual
			]);
			return {
				manual: ticket.assignee_id,
				beforeReopen,
				reopened,
				moved: await assigneeOf(tx, moved.id)
			};
		});
		expect(outcome).toEqual({
			manual: null,
			beforeReopen: null,
			reopened: 'agent2',
			moved: 'agent2'
		});
	});
});

describe('saving teams and members', () => {
	it('refuses a routed team whose members all have capacity 0, and members who are not staff', async () => {
		const errors = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'round_robin', [
				{ who: 'admin', capacity: 3 },
				{ who: 'agent', capacity: 0 }
			]);
			const lastCapacity = await failure(
				tx,
				'update public.team_members set capacity = 0 where team_id = $1 and agent_id = $2',
				[team, demo.admin.id]
			);
			const removeLast = await failure(
				tx,
				'delete from public.team_members where team_id = $1 and agent_id = $2',
				[team, demo.admin.id]
			);
			const client = await failure(
				tx,
				'insert into public.team_members (team_id, agent_id) values ($1, $2)',
				[team, demo.client.id]
			);
			const negative = await failure(
				tx,
				'update public.team_members set capacity = -1 where team_id = $1',
				[team]
			);
			return { lastCapacity, removeLast, client, negative };
		});
		expect(errors.lastCapacity.message).toBe(
			'every member of team "Test" has capacity 0, so routing could never assign a ticket'
		);
		expect(errors.removeLast.code).toBe('23514');
		expect(errors.client.message).toBe('team members must be agents or admins');
		expect(errors.negative.code).toBe('23514');
	});

	it('refuses switching on routing for a team whose members all have capacity 0', async () => {
		const error = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'manual', [{ who: 'agent', capacity: 0 }]);
			return failure(tx, `update public.teams set routing_mode = 'least_loaded' where id = $1`, [
				team
			]);
		});
		expect(error.message).toContain('has capacity 0');
		expect(error.hint).toContain('set the team');
	});

	it('keeps profiles.team_id one of the agent’s teams', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const team = await testTeam(tx, 'manual', []);
			await tx.query('update public.profiles set team_id = $2 where id = $1', [
				demo.agent2.id,
				team
			]);
			const { rows: joined } = await tx.query<{ team_id: string }>(
				'select team_id from public.team_members where agent_id = $1 order by created_at, team_id',
				[demo.agent2.id]
			);
			await tx.query('delete from public.team_members where agent_id = $1 and team_id = $2', [
				demo.agent2.id,
				team
			]);
			const { rows } = await tx.query<{ team_id: string }>(
				'select team_id from public.profiles where id = $1',
				[demo.agent2.id]
			);
			return { team, joined: joined.map((r) => r.team_id), primary: rows[0].team_id };
		});
		expect(outcome.joined).toContain(outcome.team);
		expect(outcome.primary).not.toBe(outcome.team);
		expect(outcome.primary).not.toBeNull();
	});
});

describe('availability', () => {
	it('is set by agents for themselves, by admins for anyone, and by nobody else', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('client'));
			const client = await failure(tx, `select public.set_availability('available')`);
			const clientBeat = await failure(tx, 'select public.heartbeat()');
			await actAs(tx, claimsOf('agent'));
			const other = await failure(tx, `select public.set_availability('away', $1)`, [
				demo.agent2.id
			]);
			const direct = await failure(tx, `update public.agent_status set open_tickets = 0`);
			await actAs(tx, claimsOf('admin'));
			const { rows } = await tx.query<{ status: string }>(
				`select (public.set_availability('away', $1)).status`,
				[demo.agent2.id]
			);
			await actAs(tx, claimsOf('client'));
			const clientSees = (await tx.query('select * from public.agent_status')).rows.length;
			return {
				client: client.code,
				clientBeat: clientBeat.code,
				other: other.message,
				direct: direct.code,
				admin: rows[0].status,
				clientSees
			};
		});
		expect(outcome).toEqual({
			client: '42501',
			clientBeat: '42501',
			other: "only an admin may set someone else's availability",
			direct: '42501',
			admin: 'away',
			clientSees: 0
		});
	});
});

describe.runIf(onPostgres)('under concurrency', () => {
	it('gives nobody a second ticket before every available member had one: 50 inserts from 50 connections', async () => {
		const url = stack.databaseUrl!;
		const agents = Array.from({ length: 5 }, (_, i) => `c0c00000-0000-4000-8000-00000000000${i}`);
		const setup = new pg.Client({ connectionString: url });
		await setup.connect();
		let team: string;
		try {
			await setup.query('begin');
			for (const [i, id] of agents.entries()) {
				await setup.query(
					`insert into auth.users (id, aud, role, email) values ($1, 'authenticated', 'authenticated', $2)`,
					[id, `concurrent${i}@autocrm.test`]
				);
			}
			await setup.query(`update public.profiles set role = 'agent' where id = any($1::uuid[])`, [
				agents
			]);
			const { rows } = await setup.query<{ id: string }>(
				`insert into public.teams (name, routing_mode) values ('Concurrency', 'round_robin') returning id`
			);
			team = rows[0].id;
			await setup.query(
				`insert into public.team_members (team_id, agent_id) select $1, unnest($2::uuid[])`,
				[team, agents]
			);
			// Heartbeats an hour ahead: the run may take a while on a loaded machine.
			await setup.query(
				`insert into public.agent_status (agent_id, status, last_seen_at)
				 select unnest($1::uuid[]), 'available', now() + interval '1 hour'`,
				[agents]
			);
			await setup.query('commit');
		} finally {
			await setup.end();
		}

		const connections = await Promise.all(
			Array.from({ length: 50 }, async () => {
				const client = new pg.Client({ connectionString: url });
				await client.connect();
				return client;
			})
		);
		try {
			await Promise.all(
				connections.map((client, i) =>
					client.query(
						`insert into public.tickets (subject, description, customer_id, team_id)
						 values ($1, 'Filed at the same moment as 49 others.', $2, $3)`,
						[`Concurrent ${i}`, demo.client.id, team!]
					)
				)
			);
		} finally {
			await Promise.all(connections.map((client) => client.end()));
		}

		const { rows } = await stack.db.query<{ turn: number; agent: string }>(
			`select (a.meta -> 'routing' ->> 'turn')::bigint as turn, a.meta ->> 'new' as agent
			 from public.ticket_activities a join public.tickets t on t.id = a.ticket_id
			 where t.team_id = $1 and a.kind = 'assignment'
			 order by turn`,
			[team!]
		);
		expect(rows).toHaveLength(50);
		const perAgent = Object.fromEntries(
			agents.map((id) => [id, rows.filter((r) => r.agent === id).length])
		);
		expect(perAgent).toEqual(Object.fromEntries(agents.map((id) => [id, 10])));
		for (let start = 0; start + 5 <= rows.length; start++) {
			const window = new Set(rows.slice(start, start + 5).map((r) => r.agent));
			expect(window.size, `assignments ${start}–${start + 4}`).toBe(5);
		}
	});
});
