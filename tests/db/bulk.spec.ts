// Bulk actions (bulk_update_tickets) through supabase-js: one call changes many tickets in one
// transaction as the caller, writes a history row per changed ticket in the caller's name, reports
// what it refused and why, and refuses customers, bad changes and too many tickets outright,
// changing nothing.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { billingTeamId, demo, projectRoot, supportTeamId } from './support/demo';
import { everyone, type Who } from './support/sessions';
import { actAs, actAsOwner, claimsOf, rolledBack } from './support/sql';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(() => stack?.stop());

/** Tickets filed for these tests (by the database's owner), open and unassigned. */
async function newTickets(count: number, tags = '{}'): Promise<number[]> {
	const { rows } = await stack.db.query<{ id: number }>(
		`insert into public.tickets (subject, description, customer_id, tags)
		 select 'Bulk ' || n, 'For a bulk action.', $1, $2::text[] from generate_series(1, $3) n
		 returning id`,
		[demo.client.id, tags, count]
	);
	return rows.map((row) => Number(row.id));
}

const ticketsById = async (ids: number[]) =>
	(
		await stack.db.query<{
			id: number;
			status: string;
			assignee_id: string | null;
			tags: string[];
		}>(
			`select id, status, assignee_id, team_id, tags, priority from public.tickets
			 where id = any($1::bigint[]) order by id`,
			[`{${ids.join(',')}}`]
		)
	).rows;

const historyOf = async (ids: number[]) =>
	(
		await stack.db.query<{ ticket_id: number; kind: string; author_id: string; meta: object }>(
			`select ticket_id, kind, author_id, meta from public.ticket_activities
			 where ticket_id = any($1::bigint[]) order by ticket_id, id`,
			[`{${ids.join(',')}}`]
		)
	).rows;

describe('a bulk action', () => {
	it('assigns 30 tickets to the caller in one call, with a history row each in their name', async () => {
		const ids = await newTickets(30);
		const { data, error } = await as.agent.rpc('bulk_update_tickets', {
			changes: { assignee: 'me' },
			ids
		});
		expect(error).toBeNull();
		expect(data).toEqual({ changed: 30, unchanged: 0, refused: 0, reasons: [] });
		expect((await ticketsById(ids)).every((t) => t.assignee_id === demo.agent.id)).toBe(true);
		const history = await historyOf(ids);
		expect(history).toHaveLength(30);
		expect(history[0]).toEqual({
			ticket_id: ids[0],
			kind: 'assignment',
			author_id: demo.agent.id,
			meta: { field: 'assignee_id', old: null, new: demo.agent.id }
		});
	});

	it('sets status, priority and team, adds and removes tags', async () => {
		const ids = await newTickets(3, '{old,keep}');
		const { error } = await as.agent.rpc('bulk_update_tickets', {
			changes: {
				status: 'pending',
				priority: 'high',
				team: supportTeamId,
				add_tags: ['New', ' vip '],
				remove_tags: ['old']
			},
			ids
		});
		expect(error).toBeNull();
		for (const ticket of await ticketsById(ids)) {
			expect(ticket).toMatchObject({
				status: 'pending',
				priority: 'high',
				team_id: supportTeamId,
				tags: ['keep', 'new', 'vip']
			});
		}
		expect(
			(await historyOf(ids))
				.map((row) => row.kind)
				.slice(0, 4)
				.sort()
		).toEqual(['assignment', 'priority', 'status', 'tags']);
	});

	it('leaves tickets that already are so alone: no change, no history', async () => {
		const ids = await newTickets(4);
		const already = ids.slice(0, 2);
		await as.agent.rpc('bulk_update_tickets', {
			changes: { priority: 'urgent' },
			ids: already
		});
		// Automation rules may add their own rows to a change (the seed notifies on urgent tickets):
		// what matters is that the tickets left alone gain none.
		const before = await historyOf(already);
		const { data } = await as.agent.rpc('bulk_update_tickets', {
			changes: { priority: 'urgent' },
			ids
		});
		expect(data).toMatchObject({ changed: 2, unchanged: 2, refused: 0 });
		expect(await historyOf(already)).toEqual(before);
		const priorityRows = (await historyOf(ids)).filter((row) => row.kind === 'priority');
		expect(priorityRows.map((row) => row.ticket_id)).toEqual(ids);
	});

	it('sets only the columns it changes, so triggers on the others do not fire', async () => {
		const ids = await newTickets(3, '{billing}');
		const calls = await rolledBack(stack.db, async (tx) => {
			await tx.query(`set local track_functions = 'all'`);
			const callsNow = async () => {
				await actAsOwner(tx);
				const { rows } = await tx.query<{ name: string; calls: number }>(
					`select funcid::regproc::text as name, calls::int from pg_stat_xact_user_functions
					 where funcid::regproc::text in
						('private.catalogue_tags', 'private.guard_ticket_reopen', 'private.log_ticket_updates')`
				);
				return Object.fromEntries(rows.map((row) => [row.name, row.calls]));
			};
			const bulk = async (changes: object) => {
				await actAs(tx, claimsOf('agent'));
				await tx.query(`select public.bulk_update_tickets($1::jsonb, $2::bigint[])`, [
					JSON.stringify(changes),
					`{${ids.join(',')}}`
				]);
				return callsNow();
			};
			return {
				assigned: await bulk({ assignee: 'me' }),
				tagged: await bulk({ add_tags: ['vip'] })
			};
		});
		// The assignment: the history once per statement (its two triggers, few and many rows), but
		// neither the status guard nor the tag catalogue ran; adding a tag then runs the catalogue
		// once per ticket.
		expect(calls.assigned).toEqual({ 'private.log_ticket_updates': 2 });
		expect(calls.tagged).toEqual({
			'private.log_ticket_updates': 4,
			'private.catalogue_tags': 3
		});
	});

	it('has each statement-level trigger on tickets attached once for few rows and once for many', async () => {
		// Transition tables have no statistics: PL/pgSQL keeps the row count of a statement's first run
		// in the session as their estimate, so a plan made for a one-ticket update joined old_rows and
		// new_rows of a later 1,000-ticket bulk update by nested loops (minutes). Each trigger keeps
		// plans of its own, so one handles statements of up to 50 rows and the other larger ones.
		// The stack's realtime capture only reads its transition tables whole (no join, no plan to
		// choose), so one attachment serves every size.
		const { rows } = await stack.db.query<{ fn: string; sizes: string[] }>(
			`select t.tgfoid::regproc::text as fn,
				array_agg(split_part(encode(t.tgargs, 'escape'), '\\000', 1) order by t.tgname) as sizes
			 from pg_trigger t
			 where t.tgrelid = 'public.tickets'::regclass
				and (t.tgoldtable is not null or t.tgnewtable is not null)
				and t.tgfoid <> '_stack.realtime_capture_statement'::regproc
			 group by 1 order by 1`
		);
		expect(rows).toEqual([
			{ fn: 'private.log_ticket_updates', sizes: ['few', 'many'] },
			{ fn: 'private.report_track_ticket_updates', sizes: ['few', 'many'] },
			{ fn: 'private.track_agent_load_updates', sizes: ['few', 'many'] }
		]);
		const mine = await stack.db.query<{ few: boolean[]; many: boolean[] }>(
			`select array_agg(private.statement_is_mine('few', n) order by n) as few,
				array_agg(private.statement_is_mine('many', n) order by n) as many
			 from unnest(array[0, 1, 50, 51, 5000]) n`
		);
		expect(mine.rows[0]).toEqual({
			few: [true, true, true, false, false],
			many: [false, false, false, true, true]
		});
	});

	it('keeps agent loads and report rollups right across few- and many-row updates in one session', async () => {
		const ids = await newTickets(60);
		const counts = await rolledBack(stack.db, async (tx) => {
			const load = async () =>
				(
					await tx.query<{ open: number; rolled: number }>(
						`select coalesce((select open_tickets from public.agent_status where agent_id = $1), 0) as open,
							(select coalesce(sum(tickets), 0)::int from public.report_open where agent_id = $1) as rolled`,
						[demo.agent.id]
					)
				).rows[0];
			const before = await load();
			await actAs(tx, claimsOf('agent'));
			const bulk = (slice: number[]) =>
				tx.query(`select public.bulk_update_tickets('{"assignee": "me"}', $1::bigint[])`, [
					`{${slice.join(',')}}`
				]);
			await bulk(ids.slice(0, 1));
			await bulk(ids);
			await actAsOwner(tx);
			const after = await load();
			return { open: after.open - before.open, rolled: after.rolled - before.rolled };
		});
		expect(counts).toEqual({ open: 60, rolled: 60 });
	});

	it('writes the same history, notifications and SLA fields for a bulk update as one ticket at a time', async () => {
		// The history is written once per statement (with the workflow's effects after it), so one
		// statement of 60 tickets must leave what 60 one-ticket statements leave. The change moves
		// the SLA policy and targets (team, priority) and pauses the clocks (status), and the seed's
		// rule for urgent tickets adds its own row and notifies the team. The one-ticket updates run
		// first, so the many-row trigger plans after the few-row one, as in a long session.
		const count = 60;
		const changes = {
			status: 'pending',
			priority: 'urgent',
			team: billingTeamId,
			assignee: demo.agent2.id,
			add_tags: ['vip']
		};
		const outcome = await rolledBack(stack.db, async (tx) => {
			const file = async () =>
				(
					await tx.query<{ id: number }>(
						`insert into public.tickets (subject, description, customer_id)
						 select 'Same ' || n, 'Bulk or single.', $1 from generate_series(1, $2) n
						 order by n returning id`,
						[demo.client2.id, count]
					)
				).rows.map((row) => Number(row.id));
			const single = await file();
			const bulk = await file();
			await actAs(tx, claimsOf('agent'));
			const update = (ids: number[]) =>
				tx.query(`select public.bulk_update_tickets($1::jsonb, $2::bigint[])`, [
					JSON.stringify(changes),
					`{${ids.join(',')}}`
				]);
			for (const id of single) await update([id]);
			await update(bulk);
			await actAsOwner(tx);
			// Each ticket by its place in its batch; rows in the order they were written.
			const written = async (ids: number[]) => {
				const params = [`{${ids.join(',')}}`];
				const place = `array_position($1::bigint[], x.ticket_id)`;
				const history = await tx.query(
					`select ${place} as place, x.kind, x.author_id, x.is_internal, x.body, x.meta
					 from public.ticket_activities x where x.ticket_id = any($1::bigint[])
					 order by place, x.id`,
					params
				);
				const notifications = await tx.query(
					`select ${place} as place, x.recipient_id, x.kind, x.actor_id, x.title, x.body
					 from public.notifications x where x.ticket_id = any($1::bigint[])
					 order by place, x.id`,
					params
				);
				const tickets = await tx.query(
					`select array_position($1::bigint[], t.id) as place, t.status, t.priority, t.team_id,
						t.assignee_id, t.tags, t.version, t.sla_policy_id, t.sla_targets,
						t.first_response_due_at, t.next_response_due_at, t.resolution_due_at,
						t.sla_paused_at, t.sla_due_at, t.sla_next_breach_at, t.status_changed_at
					 from public.tickets t where t.id = any($1::bigint[]) order by place`,
					params
				);
				return { history: history.rows, notifications: notifications.rows, tickets: tickets.rows };
			};
			return { single: await written(single), bulk: await written(bulk) };
		});
		expect(outcome.bulk).toEqual(outcome.single);
		// Not vacuous: per ticket, the five field changes in the caller's name, then the rule's row
		// and its notification row; the assignee and the team are told.
		const first = outcome.bulk.history.filter((row) => row.place === 1);
		expect(first.map((row) => [row.kind, row.author_id])).toEqual([
			['status', demo.agent.id],
			['assignment', demo.agent.id],
			['assignment', demo.agent.id],
			['priority', demo.agent.id],
			['tags', demo.agent.id],
			['system', null],
			['system', null]
		]);
		expect(outcome.bulk.history).toHaveLength(count * 7);
		expect(
			outcome.bulk.notifications.filter((row) => row.place === 1).map((row) => row.kind)
		).toEqual(expect.arrayContaining(['assigned', 'automation']));
		expect(outcome.bulk.tickets[0]).toMatchObject({
			status: 'pending',
			sla_policy_id: expect.any(String),
			sla_paused_at: expect.anything()
		});
	});

	it('tells each new assignee once per ticket, but not an agent who took it nor one who muted it', async () => {
		// Assignment notifications are written once per history statement: each row of a many-ticket
		// update still gets its own, with the same title, body and actor as one notify call wrote.
		const told = await rolledBack(stack.db, async (tx) => {
			const { rows } = await tx.query<{ id: number }>(
				`insert into public.tickets (subject, description, customer_id)
				 select 'Assign ' || n, 'Who is told.', $1 from generate_series(1, 3) n
				 order by n returning id`,
				[demo.client.id]
			);
			const [first, second, third] = rows.map((row) => Number(row.id));
			const bulk = async (changes: object, ids: number[]) => {
				await actAs(tx, claimsOf('agent'));
				await tx.query(`select public.bulk_update_tickets($1::jsonb, $2::bigint[])`, [
					JSON.stringify(changes),
					`{${ids.join(',')}}`
				]);
				await actAsOwner(tx);
			};
			await bulk({ assignee: demo.agent2.id, team: supportTeamId }, [first, second]);
			await bulk({ assignee: 'me' }, [third]);
			await tx.query(
				`insert into public.notification_preferences (user_id, muted_kinds) values ($1, '{assigned}')
				 on conflict (user_id) do update set muted_kinds = excluded.muted_kinds`,
				[demo.agent2.id]
			);
			await bulk({ assignee: demo.agent2.id }, [third]);
			const { rows: notes } = await tx.query(
				`select n.ticket_id, n.recipient_id, n.kind, n.actor_id, n.title, n.body,
					n.activity_id = a.id as of_its_history_row
				 from public.notifications n
				 left join public.ticket_activities a
				   on a.ticket_id = n.ticket_id and a.kind = 'assignment' and a.meta ->> 'field' = 'assignee_id'
				 where n.ticket_id = any($1::bigint[]) order by n.id`,
				[`{${[first, second, third].join(',')}}`]
			);
			return { notes, first, second };
		});
		expect(told.notes).toEqual(
			[told.first, told.second].map((ticket, i) => ({
				ticket_id: ticket,
				recipient_id: demo.agent2.id,
				kind: 'assigned',
				actor_id: demo.agent.id,
				title: `“Assign ${i + 1}” was assigned to you`,
				body: 'By Alex Agent',
				of_its_history_row: true
			}))
		);
	});

	it('changes the rest and says which were refused and why', async () => {
		const [full] = await newTickets(
			1,
			`{${Array.from({ length: 20 }, (_, i) => `t${i}`).join(',')}}`
		);
		const fine = await newTickets(2);
		const { data, error } = await as.agent.rpc('bulk_update_tickets', {
			changes: { add_tags: ['extra'] },
			ids: [...fine, full, 987654321]
		});
		expect(error).toBeNull();
		expect(data).toEqual({
			changed: 2,
			unchanged: 0,
			refused: 2,
			reasons: [
				{ reason: 'It would have more than 20 tags.', count: 1, ids: [full] },
				{ reason: 'Not found, or not yours to change.', count: 1, ids: [987654321] }
			]
		});
		expect((await ticketsById(fine)).every((t) => t.tags.includes('extra'))).toBe(true);
	});

	it('acts on every ticket of a view when given its query', async () => {
		const ids = await newTickets(5, '{bulk-view}');
		const { data, error } = await as.admin.rpc('bulk_update_tickets', {
			changes: { status: 'on_hold' },
			query: { tags: ['bulk-view'] }
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({ changed: 5, refused: 0 });
		expect((await ticketsById(ids)).map((t) => t.status)).toEqual(Array(5).fill('on_hold'));
	});

	it('unassigns with a null assignee', async () => {
		const ids = await newTickets(2);
		await as.agent.rpc('bulk_update_tickets', { changes: { assignee: 'me' }, ids });
		const { data } = await as.agent.rpc('bulk_update_tickets', {
			changes: { assignee: null },
			ids
		});
		expect(data).toMatchObject({ changed: 2 });
		expect((await ticketsById(ids)).map((t) => t.assignee_id)).toEqual([null, null]);
	});
});

describe('a refused bulk action changes nothing', () => {
	const refused = async (
		who: Who,
		args: Record<string, unknown>,
		code: string,
		message?: RegExp
	) => {
		const ids = await newTickets(2);
		const { data, error } = await as[who].rpc('bulk_update_tickets', { ids, ...args });
		expect(data).toBeNull();
		expect(error?.code).toBe(code);
		if (message) expect(error?.message).toMatch(message);
		expect((await ticketsById(ids)).map((t) => [t.status, t.assignee_id])).toEqual([
			['open', null],
			['open', null]
		]);
		expect(await historyOf(ids)).toEqual([]);
	};

	it('for a customer, even on their own tickets', () =>
		refused('client', { changes: { status: 'solved' } }, '42501', /agents and admins/));

	it('for an anonymous caller', () => refused('anon', { changes: { status: 'solved' } }, '42501'));

	it('for an unknown change', () =>
		refused(
			'agent',
			{ changes: { customer_id: demo.client2.id } },
			'22023',
			/cannot change "customer_id"/
		));

	it('for an unknown status', () =>
		refused('agent', { changes: { status: 'archived' } }, '22023', /no status "archived"/));

	it('for an assignee who is not staff', () =>
		refused(
			'agent',
			{ changes: { assignee: demo.client.id } },
			'22023',
			/only be assigned to an agent/
		));

	it('for a team that does not exist', () =>
		refused(
			'agent',
			{ changes: { team: '00000000-0000-4000-8000-000000000000' } },
			'22023',
			/no such team/
		));

	it('for nothing to change', () =>
		refused('agent', { changes: {} }, '22023', /Say what to change/));

	it('for a tag both added and removed', () =>
		refused(
			'agent',
			{ changes: { add_tags: ['a'], remove_tags: ['A'] } },
			'22023',
			/added and removed/
		));

	it('for 50,000 ids', async () => {
		// Scheduled automations may change tickets meanwhile; what the refused call must not leave is
		// any change in its caller's name.
		const mark = await stack.db.query<{ id: number | null }>(
			`select max(id)::bigint as id from public.ticket_activities`
		);
		const { data, error } = await as.agent.rpc('bulk_update_tickets', {
			changes: { status: 'solved' },
			ids: Array.from({ length: 50_000 }, (_, i) => i + 1)
		});
		expect(data).toBeNull();
		expect(error?.code).toBe('22023');
		expect(error?.message).toBe(
			'A bulk action changes at most 5,000 tickets at a time; 50,000 were picked.'
		);
		const { rows } = await stack.db.query<{ n: number }>(
			`select count(*)::int as n from public.ticket_activities
			 where id > coalesce($1::bigint, 0) and author_id = $2`,
			[mark.rows[0].id, demo.agent.id]
		);
		expect(rows[0].n).toBe(0);
	});

	it('for a view matching more than 5,000 tickets', async () => {
		// Written with the triggers paused (no history or realtime needed for these), to be quick.
		await stack.db.transaction(async (tx) => {
			await tx.query(`set local session_replication_role = replica`);
			await tx.query(
				`insert into public.tickets (subject, description, customer_id, tags)
				 select 'Many ' || n, 'Many.', $1, '{many}' from generate_series(1, 5001) n`,
				[demo.client.id]
			);
		});
		const { error } = await as.agent.rpc('bulk_update_tickets', {
			changes: { status: 'solved' },
			query: { tags: ['many'] }
		});
		expect(error?.code).toBe('22023');
		expect(error?.message).toMatch(/More than 5,000 tickets match this view/);
	});
});
