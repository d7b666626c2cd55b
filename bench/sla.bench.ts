// SLA, routing and automations at scale, on PostgreSQL 15 with 1,000,000 generated tickets (100,000
// of them open, pending or on hold, in the state the minute job would have left them):
//   - a customer filing a ticket (event rules pick the team, round robin picks the agent, the SLA
//     policy sets the due times), against the same insert with the workflow's triggers switched off;
//   - the minute job (SLA breaches, time rules, waiting tickets) for ten consecutive minutes.
// Runs on a database of its own on BENCH_DATABASE_URL's server when given (e.g. the shared test
// server), else on a throwaway cluster.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createStack } from '../stack';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow, BenchSuite } from './support/types';

const root = join(import.meta.dirname, '..');
const total = 1_000_000;
const open = 100_000;
const inserts = 500;
const jobRuns = 10;
const database = 'postgres 15';

const client = 'c1000000-0000-4000-8000-000000000001';
const problemType = '7e000000-0000-4000-8000-000000000002';
const claims = JSON.stringify({
	sub: client,
	role: 'authenticated',
	user_role: 'client',
	app_metadata: { user_role: 'client' }
});

/** A database of our own: on BENCH_DATABASE_URL's server, or on a throwaway cluster. */
async function ownDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
	const shared = process.env.BENCH_DATABASE_URL;
	if (shared) {
		const name = `autocrm_sla_bench_${randomBytes(4).toString('hex')}`;
		const run = async (sql: string) => {
			const admin = new pg.Client({ connectionString: shared });
			await admin.connect();
			try {
				await admin.query(sql);
			} finally {
				await admin.end();
			}
		};
		await run(`create database ${name}`);
		const url = new URL(shared);
		url.pathname = `/${name}`;
		return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
	}
	const cluster = await startPostgres();
	return { url: createDatabase(cluster, 'autocrm_sla_bench'), drop: () => cluster.stop() };
}

// The seed's teams, customers and policies, twenty more agents, and a million tickets whose SLA
// state, breaches and time-rule runs are what a database that ran the minute job would hold.
const generate = `
alter table public.tickets disable trigger user;

insert into auth.users (id, aud, role, email)
select ('b0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'authenticated', 'authenticated',
  'bench' || n || '@autocrm.test'
from generate_series(1, 20) n;
update public.profiles set role = 'agent' where email like 'bench%@autocrm.test';
insert into public.team_members (team_id, agent_id)
select case when n <= 10 then '7ea00000-0000-4000-8000-000000000001'::uuid
  else '7ea00000-0000-4000-8000-000000000002'::uuid end,
  ('b0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid
from generate_series(1, 20) n;
-- Heartbeats a day ahead: everyone stays available for the whole run.
insert into public.agent_status (agent_id, status, last_seen_at)
select ('b0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'available', now() + interval '1 day'
from generate_series(1, 20) n;

insert into public.tickets (
  subject, description, status, priority, customer_id, team_id, assignee_id, type_id, tags,
  created_at, updated_at, status_changed_at, first_response_at, solved_at
)
select
  'Benchmark ticket ' || n,
  'Generated for the SLA benchmark, number ' || n,
  status,
  (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + n % 5]::public.ticket_priority,
  (array['c1000000-0000-4000-8000-000000000001', 'c2000000-0000-4000-8000-000000000002',
    'c5000000-0000-4000-8000-000000000005', 'c6000000-0000-4000-8000-000000000006'])[1 + n % 4]::uuid,
  team,
  ('b0000000-0000-4000-8000-' || lpad((1 + n % 10 + case when team::text like '%2' then 10 else 0 end)::text, 12, '0'))::uuid,
  '7e000000-0000-4000-8000-000000000002',
  array[(array['login', 'bug', 'invoice', 'refund', 'api'])[1 + n % 5]],
  created,
  greatest(created, changed),
  changed,
  case when status <> 'open' or n % 3 <> 0 then created + interval '30 minutes' end,
  case when status in ('solved', 'closed') then changed end
from generate_series(1, ${total}) n
cross join lateral (
  select
    now() - (${total} - n) * interval '30 seconds' as created,
    (array['7ea00000-0000-4000-8000-000000000001', '7ea00000-0000-4000-8000-000000000002'])[1 + n % 2]::uuid as team,
    case
      when n > ${total - open} then (array['open', 'open', 'open', 'open', 'open', 'open', 'open',
        'pending', 'pending', 'on_hold'])[1 + n % 10]
      when n % 20 = 0 and n > ${total - open - 12_000} then 'solved'
      else 'closed'
    end::public.ticket_status as status
) base
cross join lateral (
  select case
    -- Solved within the last four days, pending within the last business day: the time rules take
    -- a few of them every minute.
    when status = 'solved' then now() - (n % 5760) * interval '1 minute'
    when status = 'pending' then now() - (n % 480) * interval '1 minute'
    when status = 'closed' then created + interval '1 day'
    else created
  end as changed
) times;

with applied as (
  select t.id, p.id as policy_id, p.targets -> t.priority::text as targets,
    private.calendar_for(p.calendar_id) as cal
  from public.tickets t
  cross join lateral private.sla_policy_for(t) p
  where t.status in ('open', 'pending', 'on_hold')
)
update public.tickets t
set
  sla_policy_id = a.policy_id,
  sla_targets = a.targets,
  first_response_due_at = private.sla_due(a.cal, t.created_at, a.targets -> 'first_response'),
  resolution_due_at = private.sla_due(a.cal, t.created_at, a.targets -> 'resolution'),
  sla_paused_at = case when t.status <> 'open' then t.status_changed_at end
from applied a
where a.id = t.id;

update public.tickets t
set
  first_response_breached_at = case
    when t.first_response_at is null and t.first_response_due_at < now() - interval '1 minute'
    then t.first_response_due_at end,
  resolution_breached_at = case
    when t.resolution_due_at < now() - interval '1 minute' then t.resolution_due_at end
where t.status in ('open', 'pending', 'on_hold');

update public.tickets t
set sla_due_at = r.sla_due_at, sla_next_breach_at = r.sla_next_breach_at
from public.tickets s
cross join lateral private.sla_refresh(s) r
where s.id = t.id and s.status in ('open', 'pending', 'on_hold');

-- The escalation rule already ran for tickets past 80% of their first response target.
insert into private.automation_runs (rule_id, ticket_id, anchor, ran_at)
select r.id, t.id, t.created_at, now()
from public.automation_rules r, public.tickets t
where r.name = 'Escalate at 80% of the first response target'
  and t.status = 'open' and t.first_response_at is null
  and t.priority in ('low', 'normal', 'high')
  and t.first_response_due_at <= private.business_add(
    private.sla_calendar(t.sla_policy_id), now(),
    (t.sla_targets ->> 'first_response')::numeric * 60 * 0.2);

update public.agent_status s
set open_tickets = (
  select count(*) from public.tickets t
  where t.assignee_id = s.agent_id and t.status in ('open', 'pending', 'on_hold')
);

alter table public.tickets enable trigger user;
`;

const workflowTriggers = [
	'tickets_guard_workflow',
	'tickets_run_workflow',
	'tickets_record_workflow',
	'tickets_track_agent_load'
];

const blocks = 10;

/** Files `count` tickets as a customer, each in its own transaction; returns per-insert times (the
 * insert and its commit; the session does not wait for the WAL flush, which measures the disk of a
 * shared machine rather than this code). */
async function fileTickets(db: pg.Client, label: string, count: number): Promise<number[]> {
	const samples: number[] = [];
	for (let i = 0; i < count; i++) {
		await db.query('begin');
		await db.query(
			`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
			[claims]
		);
		const start = performance.now();
		await db.query(
			`insert into public.tickets (subject, description, type_id) values ($1, $2, $3)`,
			[`${label} ${i}`, 'The export times out again.', problemType]
		);
		await db.query('commit');
		samples.push(since(start));
	}
	return samples;
}

const setWorkflowTriggers = (db: pg.Client, state: 'enable' | 'disable') =>
	db.query(
		`alter table public.tickets ${workflowTriggers.map((name) => `${state} trigger ${name}`).join(', ')}`
	);

/** CPU time (ms) the server process of this session has used so far, when it runs on this machine
 * (Linux): unlike wall time, it does not grow with the machine's load. */
async function serverCpuMs(db: pg.Client): Promise<number | undefined> {
	const { rows } = await db.query<{ pid: number }>('select pg_backend_pid() as pid');
	try {
		const fields = (await readFile(`/proc/${rows[0].pid}/stat`, 'utf8')).split(') ')[1].split(' ');
		// utime and stime, fields 14 and 15 of stat(5), in clock ticks of 10 ms.
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return undefined;
	}
}

interface InsertTimes {
	full: number[];
	raw: number[];
	/** Mean server CPU per insert, when measurable. */
	fullCpu?: number;
	rawCpu?: number;
}

/** The insert with the workflow and without it, in alternating blocks so both meet the same load
 * on a shared machine; the first few of each warm caches and plans. */
async function timeInserts(db: pg.Client): Promise<InsertTimes> {
	await db.query('set synchronous_commit = off');
	await fileTickets(db, 'Warm-up', 20);
	await setWorkflowTriggers(db, 'disable');
	await fileTickets(db, 'Warm-up raw', 20);
	await setWorkflowTriggers(db, 'enable');
	const times: InsertTimes = { full: [], raw: [], fullCpu: 0, rawCpu: 0 };
	const timed = async (kind: 'full' | 'raw', label: string) => {
		const before = await serverCpuMs(db);
		times[kind].push(...(await fileTickets(db, label, inserts / blocks)));
		const after = await serverCpuMs(db);
		const key = kind === 'full' ? 'fullCpu' : 'rawCpu';
		times[key] =
			before === undefined || after === undefined || times[key] === undefined
				? undefined
				: times[key] + (after - before) / inserts;
	};
	for (let block = 0; block < blocks; block++) {
		await timed('full', `Routed ${block}`);
		await setWorkflowTriggers(db, 'disable');
		await timed('raw', `Raw ${block}`);
		await setWorkflowTriggers(db, 'enable');
	}
	return times;
}

const rowsFor = (
	caseName: string,
	samples: number[],
	target?: string,
	metrics = [50, 95]
): BenchRow[] =>
	metrics.map((p) => ({
		suite: 'sla',
		case: caseName,
		database,
		metric: `p${p}`,
		value: percentile(samples, p),
		unit: 'ms',
		target: p === 95 ? target : undefined
	}));

async function measure(url: string): Promise<BenchRow[]> {
	const db = new pg.Client({ connectionString: url });
	await db.connect();
	const rows: BenchRow[] = [];
	try {
		const start = performance.now();
		await db.query(generate);
		await db.query('vacuum analyze');
		// Write the generated data out now, not while the inserts are timed.
		await db.query('checkpoint');
		rows.push({
			suite: 'sla',
			case: `generate ${total.toLocaleString('en')} tickets (${open.toLocaleString('en')} open)`,
			database,
			metric: 'time',
			value: since(start) / 1000,
			unit: 's'
		});

		const { full, raw, fullCpu, rawCpu } = await timeInserts(db);
		const { rows: check } = await db.query<{ routed: number; timed: number }>(
			`select count(assignee_id)::int as routed, count(sla_due_at)::int as timed
			 from public.tickets where subject like 'Routed %'`
		);
		if (check[0].routed !== inserts || check[0].timed !== inserts) {
			throw new Error(`filed tickets were not all routed and timed: ${JSON.stringify(check[0])}`);
		}
		const caseName = `customer files a ticket (rules, routing, SLA), ${total.toLocaleString('en')} tickets`;
		rows.push(...rowsFor(caseName, full, 'p95 ≤ 10 ms'));
		rows.push(...rowsFor('the same insert without the workflow triggers', raw));
		rows.push({
			suite: 'sla',
			case: caseName,
			database,
			metric: 'p50 ratio to the insert without the workflow',
			value: percentile(full, 50) / percentile(raw, 50),
			unit: '×'
		});
		if (fullCpu !== undefined && rawCpu !== undefined) {
			rows.push(
				{
					suite: 'sla',
					case: caseName,
					database,
					metric: 'server CPU per insert (mean)',
					value: fullCpu,
					unit: 'ms'
				},
				{
					suite: 'sla',
					case: 'the same insert without the workflow triggers',
					database,
					metric: 'server CPU per insert (mean)',
					value: rawCpu,
					unit: 'ms'
				}
			);
		}

		const jobs: number[] = [];
		const work = { sla_breached_tickets: 0, time_rule_runs: 0, routed_tickets: 0 };
		for (let minute = 1; minute <= jobRuns; minute++) {
			const begin = performance.now();
			const { rows: result } = await db.query<{ result: typeof work }>(
				`select public.run_minute_jobs(now => now() + $1 * interval '1 minute') as result`,
				[minute]
			);
			jobs.push(since(begin));
			for (const key of Object.keys(work) as (keyof typeof work)[])
				work[key] += result[0].result[key];
		}
		const jobCase = `minute job, ${total.toLocaleString('en')} tickets (${open.toLocaleString('en')} open)`;
		rows.push(...rowsFor(jobCase, jobs, '≤ 2 s', [50, 95, 100]));
		for (const [key, value] of Object.entries(work)) {
			rows.push({
				suite: 'sla',
				case: jobCase,
				database,
				metric: `${key.replaceAll('_', ' ')} per run`,
				value: value / jobRuns,
				unit: ''
			});
		}
	} finally {
		await db.end();
	}
	return rows;
}

export default {
	name: 'sla',
	async run(): Promise<BenchRow[]> {
		if (!process.env.BENCH_DATABASE_URL && !hasPostgres()) {
			console.error('sla: no PostgreSQL 15 (set BENCH_DATABASE_URL or install it); skipped');
			return [];
		}
		const target = await ownDatabase();
		try {
			// Migrations and seed, as the stack applies them; the stack itself is not needed after.
			const stack = await createStack({
				workdir: root,
				port: 0,
				data: 'memory',
				databaseUrl: target.url
			});
			await stack.stop();
			return await measure(target.url);
		} finally {
			await target.drop();
		}
	}
} satisfies BenchSuite;
