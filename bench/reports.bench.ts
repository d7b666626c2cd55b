// Reports at scale, on PostgreSQL 15 with 1,000,000 tickets over two years and 5,000,000 activities
// generated with generate_series (twenty agents in the seed's two teams):
//   - rebuilding every rollup from the raw rows (what a bulk load or a new time zone costs);
//   - public.report for 30 days and for a year, against a direct computation over the tickets of
//     only its first chart (created and solved per day);
//   - the production build's /admin/reports server render for 30 days and for a year;
//   - `Export CSV` of every ticket (1,000,000 rows) streamed through the app: rows per second and
//     the app server's memory while it streams.
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createStack } from '../stack';
import { build, signInCookies, startApp, timeRenders } from './support/app';
import { ownDatabase } from './support/own-database';
import { hasPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow, BenchSuite } from './support/types';

const root = join(import.meta.dirname, '..');
const total = 1_000_000;
const activitiesPerTicket = 5;
const days = 730;
const runs = 20;
const database = 'postgres 15';

const admin = 'ad000000-0000-4000-8000-000000000001';
const adminClaims = JSON.stringify({ sub: admin, role: 'authenticated', user_role: 'admin' });

const agent = (n: string) => `('b0000000-0000-4000-8000-' || lpad((${n})::text, 12, '0'))::uuid`;

const generate = `
alter table public.tickets disable trigger user;
alter table public.ticket_activities disable trigger user;

insert into auth.users (id, aud, role, email)
select ${agent('n')}, 'authenticated', 'authenticated', 'bench' || n || '@autocrm.test'
from generate_series(1, 20) n;
update public.profiles set role = 'agent', full_name = 'Bench agent ' || substr(email, 6, 2)
where email like 'bench%@autocrm.test';
insert into public.team_members (team_id, agent_id)
select case when n <= 10 then '7ea00000-0000-4000-8000-000000000001'::uuid
  else '7ea00000-0000-4000-8000-000000000002'::uuid end, ${agent('n')}
from generate_series(1, 20) n;

insert into public.tickets (
  subject, description, status, priority, customer_id, team_id, assignee_id, type_id,
  created_at, updated_at, status_changed_at, first_response_at, solved_at, satisfaction_rating,
  sla_policy_id, first_response_due_at, first_response_breached_at, resolution_due_at,
  resolution_breached_at
)
select
  'Benchmark ticket ' || n, 'Generated for the reports benchmark, number ' || n, status,
  (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + n % 5]::public.ticket_priority,
  (array['c1000000-0000-4000-8000-000000000001', 'c2000000-0000-4000-8000-000000000002',
    'c5000000-0000-4000-8000-000000000005', 'c6000000-0000-4000-8000-000000000006'])[1 + n % 4]::uuid,
  team, ${agent('1 + n % 10 + case when n % 2 = 1 then 10 else 0 end')},
  (array['7e000000-0000-4000-8000-000000000001', '7e000000-0000-4000-8000-000000000002',
    '7e000000-0000-4000-8000-000000000003'])[1 + n % 3]::uuid,
  created, coalesce(solved, responded, created), coalesce(solved, created), responded, solved,
  case when solved is not null and n % 3 = 0 then (case when n % 7 <> 0 then 'good' else 'bad' end)::public.satisfaction_rating end,
  (select p.id from public.sla_policies p order by p.position limit 1),
  created + interval '1 hour',
  case when responded > created + interval '1 hour' then created + interval '1 hour' end,
  created + interval '1 day',
  case when solved > created + interval '1 day' then created + interval '1 day' end
from generate_series(1, ${total}) n
cross join lateral (
  select
    now() - (${total} - n) * interval '${(days * 86400) / total} seconds' as created,
    (array['7ea00000-0000-4000-8000-000000000001', '7ea00000-0000-4000-8000-000000000002'])[1 + n % 2]::uuid as team,
    case when n > ${total - 60_000} then (array['open', 'open', 'pending', 'on_hold'])[1 + n % 4]
      when n % 4 = 0 then 'solved' else 'closed' end::public.ticket_status as status
) base
cross join lateral (
  select
    case when status <> 'open' or n % 3 <> 0 then created + (n::bigint * 7919 % 14400) * interval '1 second' end as responded,
    case when status in ('solved', 'closed') then created + (n::bigint * 104729 % 259200) * interval '1 second' end as solved
) times;

insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta, created_at)
select t.id,
  case a.k when 2 then t.customer_id else t.assignee_id end,
  (array['assignment', 'reply', 'reply', 'note', 'status'])[a.k]::public.activity_kind,
  case when a.k between 2 and 4 then 'Benchmark message ' || a.k end,
  a.k in (1, 4),
  case a.k when 1 then jsonb_build_object('field', 'assignee_id', 'new', t.assignee_id)
    when 5 then jsonb_build_object('field', 'status', 'old', 'open', 'new', t.status)
    else '{}' end,
  t.created_at + a.k * interval '10 minutes'
from public.tickets t
cross join generate_series(1, ${activitiesPerTicket}) a (k)
where t.subject like 'Benchmark ticket %';

alter table public.tickets enable trigger user;
alter table public.ticket_activities enable trigger user;
`;

/** Times `count` calls of public.report as the admin, as PostgREST runs them. */
async function timeReport(db: pg.Client, from: string, to: string, count: number) {
	const samples: number[] = [];
	for (let i = 0; i < count + 3; i++) {
		await db.query('begin');
		await db.query(
			`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
			[adminClaims]
		);
		const start = performance.now();
		await db.query('select public.report($1, $2)', [from, to]);
		if (i >= 3) samples.push(since(start));
		await db.query('commit');
	}
	return samples;
}

/** The first chart alone, computed from the tickets directly (what a rollup-less report scans). */
async function timeDirect(db: pg.Client, from: string, to: string, count: number) {
	const samples: number[] = [];
	for (let i = 0; i < count + 3; i++) {
		const start = performance.now();
		await db.query(
			`with zone as (select private.report_zone() as name),
			 bounds as (
			   select ($1::date)::timestamp at time zone zone.name as low,
			     ($2::date + 1)::timestamp at time zone zone.name as high, zone.name
			   from zone
			 )
			 select day, sum(created) as created, sum(solved) as solved
			 from (
			   select (t.created_at at time zone b.name)::date as day, 1 as created, 0 as solved
			   from public.tickets t, bounds b where t.created_at >= b.low and t.created_at < b.high
			   union all
			   select (t.solved_at at time zone b.name)::date, 0, 1
			   from public.tickets t, bounds b where t.solved_at >= b.low and t.solved_at < b.high
			 ) x
			 group by day`,
			[from, to]
		);
		if (i >= 3) samples.push(since(start));
	}
	return samples;
}

/** Resident memory (VmRSS, MB) of a process on this machine. */
async function rssMb(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Downloads a CSV export, counting its rows, while sampling the app's memory. */
async function timeExport(url: string, cookie: string, pid: number | undefined) {
	const baseline = pid ? await rssMb(pid) : Number.NaN;
	let peak = baseline;
	const sampler = setInterval(() => {
		if (pid) void rssMb(pid).then((mb) => (peak = Math.max(peak, mb)));
	}, 100);
	const start = performance.now();
	const response = await fetch(url, { headers: { cookie } });
	if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
	let lines = 0;
	for await (const chunk of response.body!) {
		for (const byte of chunk as Uint8Array) if (byte === 10) lines++;
	}
	const seconds = since(start) / 1000;
	clearInterval(sampler);
	return { rows: lines - 1, seconds, baseline, peak };
}

const row = (
	caseName: string,
	metric: string,
	value: number,
	unit: string,
	target?: string
): BenchRow => ({
	suite: 'reports',
	case: caseName,
	database,
	metric,
	value,
	unit,
	target
});

async function measure(url: string, stackRunning: Awaited<ReturnType<typeof createStack>>) {
	const db = new pg.Client({ connectionString: url });
	await db.connect();
	const rows: BenchRow[] = [];
	try {
		let start = performance.now();
		await db.query(generate);
		const generated = since(start) / 1000;
		start = performance.now();
		await db.query('select private.rebuild_report_rollups()');
		const rebuilt = since(start) / 1000;
		await db.query('vacuum analyze');
		const sizes = await db.query<{
			tickets: number;
			activities: number;
			daily: number;
			durations: number;
		}>(
			`select (select count(*) from public.tickets)::int as tickets,
			   (select count(*) from public.ticket_activities)::int as activities,
			   (select count(*) from public.report_daily)::int as daily,
			   (select count(*) from public.report_durations)::int as durations`
		);
		const size = sizes.rows[0];
		const scale = `${size.tickets.toLocaleString('en')} tickets, ${size.activities.toLocaleString('en')} activities`;
		rows.push(row(`generate ${scale}`, 'time', generated, 's'));
		rows.push(row('rebuild every rollup from the raw rows', 'time', rebuilt, 's'));
		rows.push(
			row('rollup rows (daily / duration histograms)', 'rows', size.daily, `/ ${size.durations}`)
		);

		const { rows: today } = await db.query<{ today: string }>(
			`select to_char((now() at time zone private.report_zone())::date, 'YYYY-MM-DD') as today`
		);
		const to = today[0].today;
		const day = (offset: number) => {
			const date = new Date(`${to}T00:00:00Z`);
			date.setUTCDate(date.getUTCDate() + offset);
			return date.toISOString().slice(0, 10);
		};
		for (const [label, from] of [
			['30 days', day(-29)],
			['1 year', day(-364)]
		] as const) {
			const report = await timeReport(db, from, to, runs);
			const direct = await timeDirect(db, from, to, label === '30 days' ? runs : 5);
			const caseName = `public.report, ${label}`;
			rows.push(row(caseName, 'p50', percentile(report, 50), 'ms'));
			rows.push(row(caseName, 'p95', percentile(report, 95), 'ms'));
			rows.push(
				row(
					`created and solved per day from tickets directly, ${label}`,
					'p50',
					percentile(direct, 50),
					'ms'
				)
			);
			rows.push(
				row(
					caseName,
					'p50 ratio to that one chart computed directly',
					percentile(report, 50) / percentile(direct, 50),
					'×'
				)
			);
		}

		build();
		const app = await startApp(stackRunning);
		try {
			const cookie = await signInCookies(app.url, 'admin@autocrm.test');
			for (const [label, preset] of [
				['30 days', '30d'],
				['1 year', 'year']
			] as const) {
				const renders = await timeRenders(
					`${app.url}/admin/reports?preset=${preset}`,
					cookie,
					runs
				);
				const caseName = `/admin/reports server render, ${label}`;
				rows.push(row(caseName, 'p50', percentile(renders, 50), 'ms'));
				rows.push(row(caseName, 'p95', percentile(renders, 95), 'ms', 'p95 ≤ 300 ms'));
			}
			const exported = await timeExport(
				`${app.url}/admin/reports/export?dataset=tickets&from=${day(-days - 1)}&to=${to}`,
				cookie,
				app.pid
			);
			const caseName = `Export CSV of every ticket (${exported.rows.toLocaleString('en')} rows)`;
			rows.push(
				row(
					caseName,
					'rows per second',
					exported.rows / exported.seconds,
					'rows/s',
					'≥ 50,000 rows/s'
				)
			);
			rows.push(row(caseName, 'time', exported.seconds, 's'));
			rows.push(row(caseName, 'app memory before', exported.baseline, 'MB'));
			rows.push(row(caseName, 'app memory peak while streaming', exported.peak, 'MB', 'flat'));
		} finally {
			await app.stop();
		}
	} finally {
		await db.end();
	}
	return rows;
}

export default {
	name: 'reports',
	async run(): Promise<BenchRow[]> {
		if (!process.env.BENCH_DATABASE_URL && !hasPostgres()) {
			console.error('reports: no PostgreSQL 15 (set BENCH_DATABASE_URL or install it); skipped');
			return [];
		}
		const target = await ownDatabase('autocrm_reports_bench');
		try {
			const stack = await createStack({
				workdir: root,
				port: 0,
				data: 'memory',
				databaseUrl: target.url
			});
			try {
				return await measure(target.url, stack);
			} finally {
				await stack.stop();
			}
		} finally {
			await target.drop();
		}
	}
} satisfies BenchSuite;
