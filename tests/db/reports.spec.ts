// Reports: the rollups the triggers keep equal a direct computation over random tickets, replies
// and ratings (changed, moved, reopened and deleted after the fact), in time zones with half-hour
// offsets and daylight saving, with days that have no tickets; the report functions compute the
// same numbers; and who may read what (agents their own and their teams' stats, clients nothing),
// through the API as the pages call it.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { csvLine } from '../../src/lib/reports/csv';
import { startTestStack, type TestStack } from '../support/stack';
import {
	billingTeamId,
	calendars,
	demo,
	projectRoot,
	slaPolicies,
	supportTeamId
} from './support/demo';
import { everyone, type Who } from './support/sessions';
import { rolledBack } from './support/sql';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(async () => {
	await stack?.stop();
});

type Row = Record<string, string | number | null>;

/**
 * A ticket's business seconds from creation to `until`, computed directly: its SLA policy's
 * calendar, or the default calendar (calendar_for(null)) without a policy or a policy calendar.
 * `ticket` is the alias of public.tickets in the query.
 */
const businessSeconds = (ticket: string, until: string) =>
	`greatest(round(private.business_between(private.calendar_for(
	   (select p.calendar_id from public.sla_policies p where p.id = ${ticket}.sla_policy_id)),
	   ${ticket}.created_at, ${ticket}.${until})), 0)`;

/** Rows as comparable strings, sorted. */
const normalized = (rows: Row[]) =>
	rows
		.map((row) => JSON.stringify(Object.values(row).map((v) => (v === null ? null : String(v)))))
		.sort();

/** Random tickets over 40 days (none on days 10 to 12), worked, moved, reopened and deleted. */
async function randomWorkload(tx: Queryable, seed: number) {
	await tx.query('select setseed($1)', [seed]);
	// Only these tickets, so some days have none.
	await tx.query(`delete from public.tickets where subject not like 'Random %'`);
	await tx.query(
		`create temporary table if not exists people on commit drop as
		 select array[$1::uuid, $2::uuid, $3::uuid, null] as agents,
		   array[$4::uuid, $5::uuid, null] as teams,
		   array(select id from public.ticket_types order by position) || array[null::uuid] as types`,
		[demo.agent.id, demo.agent2.id, demo.admin.id, supportTeamId, billingTeamId]
	);
	await tx.query(
		`insert into public.tickets (subject, description, priority, customer_id, assignee_id, team_id,
		   type_id, created_at, updated_at)
		 select 'Random ' || g, 'Generated for the report test.',
		   (enum_range(null::public.ticket_priority))[1 + floor(random() * 4)::int],
		   $1, p.agents[1 + floor(random() * 4)::int], p.teams[1 + floor(random() * 3)::int],
		   p.types[1 + floor(random() * cardinality(p.types))::int], at, at
		 from generate_series(1, 240) g
		 cross join people p
		 cross join lateral (
		   select now() - interval '40 days' + (d + case when d between 10 and 12 then 3 else 0 end)
		     * interval '1 day' + random() * interval '1 day' as at
		   from (select floor(random() * 37)::int + g * 0 as d) r
		 ) c`,
		[demo.client.id]
	);
	// Some under the premium policy, which counts around the clock; the rest under the default
	// calendar's office hours (the Billing policy or none).
	await tx.query(
		`update public.tickets set sla_policy_id = $1 where subject like 'Random %' and random() < 0.3`,
		[slaPolicies.premium]
	);
	// First responses, solutions (some recorded as late), replies by staff and customers.
	await tx.query(
		`update public.tickets set first_response_at = created_at + random() * interval '30 hours'
		 where subject like 'Random %' and random() < 0.75`
	);
	await tx.query(
		`update public.tickets
		 set status = (array['solved', 'closed'])[1 + floor(random() * 2)::int]::public.ticket_status
		 where subject like 'Random %' and random() < 0.5`
	);
	// A status change stamps solved_at with now; spread them out.
	await tx.query(
		`update public.tickets set solved_at = created_at + random() * interval '6 days'
		 where subject like 'Random %' and solved_at is not null`
	);
	await tx.query(
		`update public.tickets
		 set status = (array['pending', 'on_hold'])[1 + floor(random() * 2)::int]::public.ticket_status
		 where subject like 'Random %' and status = 'open' and random() < 0.3`
	);
	await tx.query(
		`update public.tickets set satisfaction_rating = (array['good', 'bad'])[1 + floor(random() * 2)::int]::public.satisfaction_rating,
		   satisfaction_comment = case when random() < 0.5 then 'Comment ' || id end
		 where subject like 'Random %' and status in ('solved', 'closed') and random() < 0.6`
	);
	await tx.query(
		`update public.tickets
		 set first_response_breached_at = coalesce(first_response_at, created_at + interval '2 hours')
		 where subject like 'Random %' and sla_policy_id is not null and random() < 0.2`
	);
	await tx.query(
		`insert into public.ticket_activities (ticket_id, author_id, kind, body, created_at)
		 select t.id, a.who, 'reply', 'Reply', t.created_at + random() * interval '4 days'
		 from public.tickets t
		 cross join lateral (
		   select (array[$1::uuid, $2::uuid, $3::uuid, t.customer_id])[1 + floor(random() * 4)::int]
		     as who, g
		   from generate_series(1, 1 + floor(random() * 3)::int) g
		 ) a
		 where t.subject like 'Random %'`,
		[demo.agent.id, demo.agent2.id, demo.admin.id]
	);
	// After the fact: moved to another team, agent, priority or type; reopened; deleted.
	await tx.query(
		`update public.tickets t
		 set team_id = p.teams[1 + floor(random() * 3)::int],
		   assignee_id = p.agents[1 + floor(random() * 4)::int],
		   priority = (enum_range(null::public.ticket_priority))[1 + floor(random() * 4)::int],
		   type_id = p.types[1 + floor(random() * cardinality(p.types))::int]
		 from people p
		 where t.subject like 'Random %' and random() < 0.25`
	);
	await tx.query(
		`update public.tickets set status = 'open'
		 where subject like 'Random %' and status = 'solved' and random() < 0.2`
	);
	await tx.query(`delete from public.tickets where subject like 'Random %' and random() < 0.05`);
}

/** Each rollup, and the same numbers computed directly from the tickets and their replies. */
function comparisons(zone: string): { name: string; rollup: string; direct: string }[] {
	const local = (column: string) => `(${column} at time zone '${zone}')::date`;
	const bucket = (until: string) =>
		`case when ${businessSeconds('t', until)} < 60 then 0
		   else floor(ln(${businessSeconds('t', until)} / 60.0) / ln(1.1))::int + 1 end`;
	return [
		{
			name: 'tickets created, solved and first responses per day',
			rollup: `select day, team_id, agent_id, priority, type_id, sum(created) c, sum(solved) s,
			           sum(first_responses) f, sum(first_response_seconds) fs, sum(resolution_seconds) rs,
			           sum(rated) r, sum(rated_good) g
			         from public.report_daily group by 1, 2, 3, 4, 5
			         having sum(created) + sum(solved) + sum(first_responses) + sum(rated) > 0`,
			direct: `select day, team_id, assignee_id, priority, type_id, sum(c) c, sum(s) s, sum(f) f,
			           sum(fs) fs, sum(rs) rs, sum(r) r, sum(g) g
			         from (
			           select ${local('created_at')} as day, team_id, assignee_id, priority, type_id,
			             1 c, 0 s, 0 f, 0 fs, 0 rs, 0 r, 0 g from public.tickets
			           union all
			           select ${local('solved_at')}, team_id, assignee_id, priority, type_id, 0, 1, 0, 0,
			             ${businessSeconds('t', 'solved_at')},
			             (satisfaction_rating is not null)::int,
			             coalesce(satisfaction_rating = 'good', false)::int
			           from public.tickets t where solved_at is not null
			           union all
			           select ${local('first_response_at')}, team_id, assignee_id, priority, type_id,
			             0, 0, 1, ${businessSeconds('t', 'first_response_at')}, 0, 0, 0
			           from public.tickets t where first_response_at is not null
			         ) x group by 1, 2, 3, 4, 5`
		},
		{
			name: 'staff replies per day, by author',
			rollup: `select day, team_id, agent_id, priority, type_id, sum(replies)
			         from public.report_daily group by 1, 2, 3, 4, 5 having sum(replies) <> 0`,
			direct: `select ${local('a.created_at')}, t.team_id, a.author_id, t.priority, t.type_id,
			           count(*)
			         from public.ticket_activities a
			         join public.tickets t on t.id = a.ticket_id
			         join public.profiles p on p.id = a.author_id
			         where a.kind = 'reply' and p.role in ('agent', 'admin')
			         group by 1, 2, 3, 4, 5`
		},
		{
			name: 'first response and resolution time histograms',
			rollup: `select day, metric, team_id, agent_id, priority, type_id, bucket, sum(tickets)
			         from public.report_durations group by 1, 2, 3, 4, 5, 6, 7 having sum(tickets) <> 0`,
			direct: `select day, metric, team_id, assignee_id, priority, type_id, b, count(*)
			         from (
			           select ${local('first_response_at')} as day, 'first_response' metric, team_id,
			             assignee_id, priority, type_id, ${bucket('first_response_at')} b
			           from public.tickets t where first_response_at is not null
			           union all
			           select ${local('solved_at')}, 'resolution', team_id, assignee_id, priority, type_id,
			             ${bucket('solved_at')}
			           from public.tickets t where solved_at is not null
			         ) x group by 1, 2, 3, 4, 5, 6, 7`
		},
		{
			name: 'the same histograms per month',
			rollup: `select month, metric, team_id, agent_id, priority, type_id, bucket, sum(tickets)
			         from public.report_durations_monthly group by 1, 2, 3, 4, 5, 6, 7
			         having sum(tickets) <> 0`,
			direct: `select date_trunc('month', day)::date, metric, team_id, assignee_id, priority, type_id,
			           b, count(*)
			         from (
			           select ${local('first_response_at')} as day, 'first_response' metric, team_id,
			             assignee_id, priority, type_id, ${bucket('first_response_at')} b
			           from public.tickets t where first_response_at is not null
			           union all
			           select ${local('solved_at')}, 'resolution', team_id, assignee_id, priority, type_id,
			             ${bucket('solved_at')}
			           from public.tickets t where solved_at is not null
			         ) x group by 1, 2, 3, 4, 5, 6, 7`
		},
		{
			name: 'SLA targets met and breached',
			rollup: `select day, policy_id, target, team_id, agent_id, priority, type_id, sum(met),
			           sum(breached)
			         from public.report_sla group by 1, 2, 3, 4, 5, 6, 7
			         having sum(met) <> 0 or sum(breached) <> 0`,
			direct: `select ${local('moment')}, sla_policy_id, target, team_id, assignee_id, priority, type_id,
			           count(*) filter (where not breached), count(*) filter (where breached)
			         from (
			           select sla_policy_id, team_id, assignee_id, priority, type_id, 'first_response' target,
			             first_response_breached_at is not null breached,
			             coalesce(first_response_breached_at, first_response_at) moment
			           from public.tickets
			           where first_response_breached_at is not null
			             or (first_response_due_at is not null and first_response_at is not null)
			           union all
			           select sla_policy_id, team_id, assignee_id, priority, type_id, 'resolution',
			             resolution_breached_at is not null, coalesce(resolution_breached_at, solved_at)
			           from public.tickets
			           where resolution_breached_at is not null
			             or (resolution_due_at is not null and solved_at is not null)
			         ) x
			         where sla_policy_id is not null
			         group by 1, 2, 3, 4, 5, 6, 7`
		},
		{
			name: 'incoming tickets per local hour',
			rollup: `select day, hour, team_id, sum(created) from public.report_hourly
			         group by 1, 2, 3 having sum(created) <> 0`,
			direct: `select ${local('created_at')}, extract(hour from created_at at time zone '${zone}'),
			           team_id, count(*)
			         from public.tickets group by 1, 2, 3`
		},
		{
			name: 'tickets open now',
			rollup: `select status, team_id, agent_id, priority, type_id, sum(tickets)
			         from public.report_open group by 1, 2, 3, 4, 5 having sum(tickets) <> 0`,
			direct: `select status, team_id, assignee_id, priority, type_id, count(*)
			         from public.tickets where status in ('open', 'pending', 'on_hold')
			         group by 1, 2, 3, 4, 5`
		}
	];
}

async function expectRollupsEqualDirect(tx: Queryable, zone: string) {
	for (const { name, rollup, direct } of comparisons(zone)) {
		const [kept, computed] = await Promise.all([
			tx.query<Row>(rollup).then((r) => normalized(r.rows)),
			tx.query<Row>(direct).then((r) => normalized(r.rows))
		]);
		expect(kept.length, name).toBeGreaterThan(0);
		expect(kept, name).toEqual(computed);
	}
}

/** Runs the minute job as the scheduler does; whether it rebuilt the report rollups. */
async function runMinuteJob(tx: Queryable): Promise<boolean> {
	const { rows } = await tx.query<{ rebuilt: boolean }>(
		`select (public.run_minute_jobs(wait => true) ->> 'report_rollups_rebuilt')::boolean as rebuilt`
	);
	return rows[0].rebuilt;
}

/** What the report functions say about the rollups: whether they wait for a rebuild. */
async function staleness(tx: Queryable) {
	const { rows } = await tx.query<{ stale: boolean; marked: number }>(
		`select private.report_rollups_stale() as stale, marked::int from private.report_rollups_state`
	);
	return rows[0];
}

/** Moves the default calendar into `zone`; the minute job's rebuild brings the rollups along. */
async function setZone(tx: Queryable, zone: string) {
	await tx.query('update public.business_calendars set time_zone = $1 where id = $2', [
		zone,
		calendars.berlin
	]);
	expect(await runMinuteJob(tx)).toBe(true);
}

describe('rollups', () => {
	it('start from the seeded tickets, in the default calendar’s zone', async () => {
		await rolledBack(stack.db, async (tx) => {
			const { rows } = await tx.query<{ time_zone: string }>(
				'select time_zone from private.report_settings'
			);
			expect(rows[0].time_zone).toBe('Europe/Berlin');
			await expectRollupsEqualDirect(tx, 'Europe/Berlin');
		});
	});

	it('equal a direct computation over random tickets kept by the triggers, in every zone', async () => {
		await rolledBack(stack.db, async (tx) => {
			// Half-hour offset: local days and hours differ from UTC's.
			await setZone(tx, 'Asia/Kolkata');
			await randomWorkload(tx, 0.19);
			// Both calendars are in play: the premium policy's and the default one.
			const { rows: policies } = await tx.query<{ premium: boolean }>(
				`select distinct sla_policy_id is not distinct from $1 as premium
				 from public.tickets where first_response_at is not null`,
				[slaPolicies.premium]
			);
			expect(policies.map((p) => p.premium).sort()).toEqual([false, true]);
			await expectRollupsEqualDirect(tx, 'Asia/Kolkata');
			// A new zone: the job rebuilds every rollup; the triggers then carry on in it (across a DST
			// change).
			await setZone(tx, 'America/New_York');
			await randomWorkload(tx, 0.77);
			await expectRollupsEqualDirect(tx, 'America/New_York');
		});
	});
});

describe('durations', () => {
	/** Per priority: business seconds to the first response and to the solution, as rolled up. */
	const rolledUp = async (tx: Queryable) =>
		(
			await tx.query<Row>(
				`select d.priority, d.fs, d.rs, f.bucket fb, r.bucket rb
				 from (select priority, sum(first_response_seconds)::int fs,
				         sum(resolution_seconds)::int rs
				       from public.report_daily group by 1) d
				 join public.report_durations f on f.priority = d.priority and f.metric = 'first_response'
				   and f.tickets > 0
				 join public.report_durations r on r.priority = d.priority and r.metric = 'resolution'
				   and r.tickets > 0
				 order by 1`
			)
		).rows;
	const expected = (priority: string, firstResponse: number, resolution: number) => ({
		priority,
		fs: firstResponse,
		rs: resolution,
		fb: firstResponse < 60 ? 0 : Math.floor(Math.log(firstResponse / 60) / Math.log(1.1)) + 1,
		rb: resolution < 60 ? 0 : Math.floor(Math.log(resolution / 60) / Math.log(1.1)) + 1
	});

	it('count business time across a weekend and a holiday, in the calendar of the ticket’s SLA policy', async () => {
		await rolledBack(stack.db, async (tx) => {
			await tx.query('delete from public.tickets');
			// Friday 22 May 2026, 16:00 in Berlin; answered Tuesday 10:00 after the weekend and Whit
			// Monday; solved Wednesday 12:00. Office hours 9–17: 1 + 1 hours, and 1 + 8 + 3 hours.
			await tx.query(
				`insert into public.tickets (subject, description, priority, customer_id, created_at,
				   updated_at)
				 select 'Across Whit Monday', 'Office hours or around the clock.', p, $1,
				   '2026-05-22 16:00 Europe/Berlin', '2026-05-22 16:00 Europe/Berlin'
				 from unnest(array['low', 'urgent']::public.ticket_priority[]) p`,
				[demo.client.id]
			);
			// Low: no policy (the default calendar); urgent: the premium policy, around the clock.
			await tx.query(
				`update public.tickets
				 set sla_policy_id = case when priority = 'urgent' then $1::uuid end`,
				[slaPolicies.premium]
			);
			await tx.query(
				`update public.tickets set first_response_at = '2026-05-26 10:00 Europe/Berlin',
				   status = 'solved'`
			);
			await tx.query(`update public.tickets set solved_at = '2026-05-27 12:00 Europe/Berlin'`);

			const { rows: minutes } = await tx.query<{ minutes: string }>(
				`select public.business_minutes_between('2026-05-22 16:00 Europe/Berlin',
				   '2026-05-26 10:00 Europe/Berlin')::text as minutes`
			);
			expect(minutes[0].minutes).toBe('120.00');
			expect(await rolledUp(tx)).toEqual([
				expected('low', 2 * 3600, 12 * 3600),
				expected('urgent', 90 * 3600, 116 * 3600)
			]);

			// Without the holiday, Whit Monday counts 8 hours more. The save only marks the rollups
			// stale; the minute job rebuilds them in the calendar as it now is.
			expect(await staleness(tx)).toMatchObject({ stale: false });
			await tx.query(
				`update public.business_calendars
				 set holidays = (select jsonb_agg(h) from jsonb_array_elements(holidays) h
				                 where h ->> 'date' <> '2026-05-25')
				 where id = $1`,
				[calendars.berlin]
			);
			expect(await staleness(tx)).toMatchObject({ stale: true });
			expect(await rolledUp(tx)).toEqual([
				expected('low', 2 * 3600, 12 * 3600),
				expected('urgent', 90 * 3600, 116 * 3600)
			]);
			expect(await runMinuteJob(tx)).toBe(true);
			expect(await staleness(tx)).toMatchObject({ stale: false });
			expect(await rolledUp(tx)).toEqual([
				expected('low', 10 * 3600, 20 * 3600),
				expected('urgent', 90 * 3600, 116 * 3600)
			]);
			// Nothing changed since: the next run leaves the rollups alone.
			expect(await runMinuteJob(tx)).toBe(false);

			// The premium policy moved to the default calendar: its ticket counts office hours too.
			await tx.query('update public.sla_policies set calendar_id = null where id = $1', [
				slaPolicies.premium
			]);
			expect(await staleness(tx)).toMatchObject({ stale: true });
			expect(await runMinuteJob(tx)).toBe(true);
			expect(await rolledUp(tx)).toEqual([
				expected('low', 10 * 3600, 20 * 3600),
				expected('urgent', 10 * 3600, 20 * 3600)
			]);
		});
	});
});

describe('stale rollups', () => {
	it('are marked once per saving statement, only when an input of the figures changed', async () => {
		await rolledBack(stack.db, async (tx) => {
			const before = (await staleness(tx)).marked;
			// A name or a policy's targets change no figure.
			await tx.query(`update public.business_calendars set name = name || ' (renamed)'`);
			await tx.query(`update public.sla_policies set name = name || ' (renamed)'`);
			expect(await staleness(tx)).toEqual({ stale: false, marked: before });

			// Moving the default flag touches two calendars, in two statements (the second one from
			// the trigger that keeps a single default), and marks once.
			await tx.query('update public.business_calendars set is_default = true where id = $1', [
				calendars.aroundTheClock
			]);
			expect(await staleness(tx)).toEqual({ stale: true, marked: before + 1 });
			// Both calendars' hours in one statement: once too.
			await tx.query(
				`update public.business_calendars set time_zone = 'Asia/Kolkata' where id in ($1, $2)`,
				[calendars.berlin, calendars.aroundTheClock]
			);
			expect(await staleness(tx)).toEqual({ stale: true, marked: before + 2 });

			// The report functions say so, to staff, until the job has rebuilt the rollups once.
			const asAdmin = async () => {
				await tx.query(
					`select set_config('role', 'authenticated', true),
					   set_config('request.jwt.claims', $1, true)`,
					[JSON.stringify({ sub: demo.admin.id, role: 'authenticated', user_role: 'admin' })]
				);
				const { rows } = await tx.query<{ report: boolean; today: boolean }>(
					`select (public.report(current_date - 7, current_date) ->> 'stale')::boolean as report,
					   (public.report_today() ->> 'stale')::boolean as today`
				);
				await tx.query('reset role');
				return rows[0];
			};
			expect(await asAdmin()).toEqual({ report: true, today: true });
			expect(await runMinuteJob(tx)).toBe(true);
			expect(await runMinuteJob(tx)).toBe(false);
			expect(await asAdmin()).toEqual({ report: false, today: false });
			const { rows } = await tx.query<{ time_zone: string }>(
				'select time_zone from private.report_settings'
			);
			expect(rows[0].time_zone).toBe('Asia/Kolkata');
			await expectRollupsEqualDirect(tx, 'Asia/Kolkata');
		});
	});

	it('are rebuilt by the minute job, not by the save that made them stale', async () => {
		await rolledBack(stack.db, async (tx) => {
			const rollups = async () =>
				(
					await tx.query<{ row: string }>(
						`select r::text as row from public.report_durations r
						 union all select r::text from public.report_daily r order by 1`
					)
				).rows.map((r) => r.row);
			const built = await rollups();
			await tx.query(
				`update public.business_calendars set time_zone = 'Asia/Tokyo' where id = $1`,
				[calendars.berlin]
			);
			expect(await rollups()).toEqual(built);
			const { rows } = await tx.query<{ time_zone: string }>(
				'select time_zone from private.report_settings'
			);
			expect(rows[0].time_zone).toBe('Europe/Berlin');
			expect(await runMinuteJob(tx)).toBe(true);
			expect(await rollups()).not.toEqual(built);
		});
	});
});

interface Report {
	series: { day: string; created: number; solved: number; backlog: number }[];
	durations: {
		dim: string;
		key: string;
		metric: string;
		tickets: number;
		median_seconds: number;
		p90_seconds: number;
	}[];
	heatmap: { weekday: number; hour: number; tickets: number }[];
	totals: Record<string, number>;
}

describe('public.report', () => {
	it('computes per-day series, backlog, percentiles and the heatmap as direct queries do', async () => {
		await rolledBack(stack.db, async (tx) => {
			await setZone(tx, 'Asia/Kolkata');
			await randomWorkload(tx, 0.5);
			const zone = 'Asia/Kolkata';
			// Over 75 days a whole month is inside the range, read from the monthly histograms; over 30
			// mostly the daily ones.
			for (const span of [30, 75]) {
				const { rows: range } = await tx.query<{ from_day: string; to_day: string }>(
					`select to_char((now() at time zone $1)::date - $2::integer, 'YYYY-MM-DD') from_day,
					   to_char((now() at time zone $1)::date, 'YYYY-MM-DD') to_day`,
					[zone, span]
				);
				const { from_day, to_day } = range[0];
				await tx.query(
					`select set_config('role', 'authenticated', true),
					   set_config('request.jwt.claims', $1, true)`,
					[JSON.stringify({ sub: demo.admin.id, role: 'authenticated', user_role: 'admin' })]
				);
				const { rows } = await tx.query<{ report: Report }>(
					'select public.report($1, $2) as report',
					[from_day, to_day]
				);
				await tx.query('reset role');
				const report = rows[0].report;

				const { rows: days } = await tx.query<{
					day: string;
					created: number;
					solved: number;
					backlog: number;
				}>(
					`select to_char(d, 'YYYY-MM-DD') as day,
					   (select count(*)::int from public.tickets where (created_at at time zone $3)::date = d) created,
					   (select count(*)::int from public.tickets where (solved_at at time zone $3)::date = d) solved,
					   (select count(*)::int from public.tickets where (created_at at time zone $3)::date <= d
					      and (solved_at is null or (solved_at at time zone $3)::date > d)) backlog
					 from generate_series($1::date, $2::date, interval '1 day') d`,
					[from_day, to_day, zone]
				);
				expect(
					report.series
						.map((d) => ({ ...d, day: d.day.slice(0, 10) }))
						.map(({ day, created, solved, backlog }) => ({ day, created, solved, backlog }))
				).toEqual(days);
				expect(days.some((d) => d.created === 0)).toBe(true);

				const { rows: percentiles } = await tx.query<{
					key: string;
					metric: string;
					tickets: number;
					median: number;
					p90: number;
				}>(
					`select priority::text as key, metric, count(*)::int as tickets,
					   private.report_bucket_seconds(private.report_bucket(percentile_disc(0.5) within group (order by s))) as median,
					   private.report_bucket_seconds(private.report_bucket(percentile_disc(0.9) within group (order by s))) as p90
					 from (
					   select priority, 'first_response' metric, ${businessSeconds('t', 'first_response_at')} s
					   from public.tickets t
					   where (first_response_at at time zone $3)::date between $1 and $2
					   union all
					   select priority, 'resolution', ${businessSeconds('t', 'solved_at')}
					   from public.tickets t where (solved_at at time zone $3)::date between $1 and $2
					 ) x group by 1, 2`,
					[from_day, to_day, zone]
				);
				const byPriority = report.durations
					.filter((d) => d.dim === 'priority')
					.map((d) => ({
						key: d.key,
						metric: d.metric,
						tickets: d.tickets,
						median: d.median_seconds,
						p90: d.p90_seconds
					}));
				expect(normalized(byPriority)).toEqual(normalized(percentiles));

				const { rows: heat } = await tx.query<{ weekday: number; hour: number; tickets: number }>(
					`select extract(isodow from created_at at time zone $3)::int as weekday,
					   extract(hour from created_at at time zone $3)::int as hour, count(*)::int as tickets
					 from public.tickets where (created_at at time zone $3)::date between $1 and $2
					 group by 1, 2`,
					[from_day, to_day, zone]
				);
				expect(
					normalized(
						report.heatmap.map(({ weekday, hour, tickets }) => ({ weekday, hour, tickets }))
					)
				).toEqual(normalized(heat));
			}
		});
	});
});

describe('public.report_tickets_csv', () => {
	it('pages every ticket of the range as the app’s csvLine of its values, however awkward', async () => {
		await rolledBack(stack.db, async (tx) => {
			await tx.query(`delete from public.tickets`);
			await tx.query(`update public.teams set name = 'Support, EMEA' where id = $1`, [
				supportTeamId
			]);
			await tx.query(`update public.profiles set full_name = '=Agent "Two"' where id = $1`, [
				demo.agent2.id
			]);
			const subjects = [
				'Plain',
				'=SUM(A1)',
				'-12 invoices',
				'-dash',
				'+1 more',
				'@mention',
				'a, b',
				'say "hi"',
				'two\nlines',
				'carriage\rreturn',
				'="quoted, formula"'
			];
			// Every subject twice at one instant, so pages also break between tickets created together.
			await tx.query(
				`insert into public.tickets (subject, description, priority, customer_id, assignee_id,
				   team_id, created_at, updated_at)
				 select s.subject, 'CSV', 'normal', $2, (array[$3, $4, null]::uuid[])[1 + s.n % 3],
				   (array[$5, null]::uuid[])[1 + s.n % 2], at, at
				 from json_array_elements_text($1::json) with ordinality s (subject, n)
				 cross join generate_series(1, 2) copy
				 cross join lateral (select now() - s.n * interval '1 hour 0.5 second' as at) c`,
				[JSON.stringify(subjects), demo.client.id, demo.agent.id, demo.agent2.id, supportTeamId]
			);
			await tx.query(
				`update public.tickets
				 set first_response_at = created_at + interval '95.5 seconds', status = 'solved',
				   solved_at = created_at + interval '1 day 0.25 second', satisfaction_rating = 'good'
				 where subject in ('a, b', '-dash')`
			);
			const { rows: values } = await tx.query<{ row: Record<string, string | number | null> }>(
				`select json_build_object('id', t.id, 'created_at', t.created_at, 'subject', t.subject,
				   'status', t.status, 'priority', t.priority, 'team', tm.name, 'agent', p.full_name,
				   'type', ty.name, 'first_response_at', t.first_response_at, 'solved_at', t.solved_at,
				   'first_response_seconds', private.report_seconds(t.created_at, t.first_response_at),
				   'resolution_seconds', private.report_seconds(t.created_at, t.solved_at),
				   'satisfaction', t.satisfaction_rating) as row
				 from public.tickets t
				 left join public.teams tm on tm.id = t.team_id
				 left join public.profiles p on p.id = t.assignee_id
				 left join public.ticket_types ty on ty.id = t.type_id
				 order by t.created_at, t.id`
			);
			const expected = values.map(({ row }) => csvLine(Object.values(row))).join('');
			expect(values).toHaveLength(2 * subjects.length);

			await tx.query(
				`select set_config('role', 'authenticated', true),
				   set_config('request.jwt.claims', $1, true)`,
				[JSON.stringify({ sub: demo.admin.id, role: 'authenticated', user_role: 'admin' })]
			);
			let csv = '';
			let after: { last_created_at: string | null; last_id: number | null } = {
				last_created_at: null,
				last_id: null
			};
			const pages: number[] = [];
			for (;;) {
				const { rows } = await tx.query<{
					csv: string;
					rows: number;
					last_created_at: string;
					last_id: number;
				}>(
					`select csv, rows, last_created_at, last_id
					 from public.report_tickets_csv((now() - interval '3 days')::date,
					   (now() + interval '1 day')::date, after_created_at => $1, after_id => $2,
					   page_size => 5)`,
					[after.last_created_at, after.last_id]
				);
				pages.push(rows[0].rows);
				csv += rows[0].csv;
				if (rows[0].rows < 5) break;
				after = rows[0];
			}
			expect(pages).toEqual([5, 5, 5, 5, 2]);
			expect(csv).toBe(expected);

			// The ends of the full pages, two at a time, then pages up to each end, as the export
			// fetches them to overlap its calls: the same lines again.
			const ends: { created_at: string; id: number }[] = [];
			for (;;) {
				const last = ends.at(-1);
				const { rows } = await tx.query<{ ends_created_at: string[]; ends_id: string[] }>(
					`select ends_created_at::text[], ends_id::text[]
					 from public.report_tickets_csv_bounds((now() - interval '3 days')::date,
					   (now() + interval '1 day')::date, after_created_at => $1, after_id => $2,
					   page_size => 5, pages => 2)`,
					[last?.created_at ?? null, last?.id ?? null]
				);
				rows[0].ends_created_at.forEach((created_at, i) =>
					ends.push({ created_at, id: Number(rows[0].ends_id[i]) })
				);
				if (rows[0].ends_id.length < 2) break;
			}
			expect(ends).toHaveLength(4);
			let bounded = '';
			const sizes: number[] = [];
			for (const [i, until] of [...ends, null].entries()) {
				const after = ends[i - 1];
				const { rows } = await tx.query<{ csv: string; rows: number; last_id: number }>(
					`select csv, rows, last_id
					 from public.report_tickets_csv((now() - interval '3 days')::date,
					   (now() + interval '1 day')::date, after_created_at => $1, after_id => $2,
					   until_created_at => $3, until_id => $4, page_size => 5)`,
					[
						after?.created_at ?? null,
						after?.id ?? null,
						until?.created_at ?? null,
						until?.id ?? null
					]
				);
				sizes.push(rows[0].rows);
				if (until) expect(Number(rows[0].last_id)).toBe(until.id);
				bounded += rows[0].csv;
			}
			await tx.query('reset role');
			expect(sizes).toEqual([5, 5, 5, 5, 2]);
			expect(bounded).toBe(expected);
		});
	});
});

describe('who may read reports', () => {
	const range = { from_day: '2026-11-01', to_day: '2026-11-30' };

	it('gives admins every team', async () => {
		const { data, error } = await as.admin.rpc('report', { ...range, team_id: billingTeamId });
		expect(error).toBeNull();
		expect(data).toMatchObject({ from: range.from_day });
	});

	it('gives an agent their own teams, and refuses another team', async () => {
		const own = await as.agent.rpc('report', { ...range, team_id: supportTeamId });
		expect(own.error).toBeNull();
		const other = await as.agent.rpc('report', { ...range, team_id: billingTeamId });
		expect(other.error).toMatchObject({
			code: '42501',
			message: 'You can see the reports of your own teams only.'
		});
	});

	it('lets an agent read only their own and their teams’ rollup rows', async () => {
		const { data, error } = await as.agent.from('report_daily').select('team_id, agent_id');
		expect(error).toBeNull();
		expect(data!.length).toBeGreaterThan(0);
		for (const row of data!) {
			expect(row.agent_id === demo.agent.id || row.team_id === supportTeamId).toBe(true);
		}
		const all = await stack.db.query<{ n: number }>(
			'select count(*)::int n from public.report_daily'
		);
		expect(all.rows[0].n).toBeGreaterThan(data!.length);
	});

	it('gives clients and anonymous callers nothing', async () => {
		for (const who of ['client', 'anon'] as const) {
			const report = await as[who].rpc('report', range);
			expect(report.data).toBeNull();
			expect(report.error?.code).toMatch(/^(42501)$/);
			const today = await as[who].rpc('report_today', {});
			expect(today.error?.code).toBe('42501');
			const tickets = await as[who].rpc('report_tickets_csv', range);
			expect(tickets.error?.code).toBe('42501');
			const ends = await as[who].rpc('report_tickets_csv_bounds', range);
			expect(ends.error?.code).toBe('42501');
			for (const table of [
				'report_daily',
				'report_durations',
				'report_durations_monthly',
				'report_sla',
				'report_hourly',
				'report_open'
			] as const) {
				const rows = await as[who].from(table).select('*');
				expect(rows.data ?? [], `${who} ${table}`).toEqual([]);
			}
		}
	});

	it('needs the second factor when an admin requires it', async () => {
		await stack.db.query('update public.app_settings set require_staff_mfa = true');
		try {
			const refused = { code: '42501', message: 'Sign in with your authenticator app first.' };
			expect((await as.agent.rpc('report', range)).error).toMatchObject(refused);
			expect((await as.agent.rpc('report_today', {})).error).toMatchObject(refused);
			expect((await as.agent.rpc('report_tickets_csv', range)).error).toMatchObject(refused);
			expect((await as.agent.rpc('report_tickets_csv_bounds', range)).error).toMatchObject(refused);
			const rows = await as.agent.from('report_daily').select('*');
			expect(rows.data).toEqual([]);
		} finally {
			await stack.db.query('update public.app_settings set require_staff_mfa = false');
		}
	});

	it('refuses bad filters with a message a person can act on', async () => {
		const cases: [Record<string, unknown>, string][] = [
			[
				{ from_day: '2026-11-30', to_day: '2026-11-01' },
				'The start date (2026-11-30) is after the end date (2026-11-01).'
			],
			[
				{ from_day: '2006-01-01', to_day: '2026-01-01' },
				'Choose a range of at most three years (this one has 7306 days).'
			],
			[
				{ ...range, team_id: '00000000-0000-4000-8000-000000000000' },
				'There is no team with the id 00000000-0000-4000-8000-000000000000.'
			]
		];
		for (const [args, message] of cases) {
			const { error } = await as.admin.rpc('report', args);
			expect(error).toMatchObject({ code: '22023', message });
		}
	});
});
