// Supabase Cron's scheduling jitter: how long after it was due each run started, for `1 seconds`
// interval jobs (due one second after the previous run's start) and `* * * * *` jobs (due at the
// start of the minute), while the jobs write to the database. Two minute marks pass on in-memory
// PGlite and on a throwaway PostgreSQL 15 cluster.
import { join } from 'node:path';
import { createStack, type StackOptions } from '../stack';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile } from './support/stats';
import type { BenchRow } from './support/types';

const workdir = join(import.meta.dirname, '..', 'tests', 'stack', 'fixtures', 'cron');
const intervalJobs = 4;
const minuteJobs = 4;
const minuteMarks = 2;
const target = 'jitter ≤ 1 s';

interface Run {
	schedule: string;
	startMs: number;
}

async function onStack(options: StackOptions, database: string): Promise<BenchRow[]> {
	const stack = await createStack({ workdir, port: 0, ...options });
	try {
		const command = `insert into cron_log (note) values ('bench')`;
		for (let i = 0; i < intervalJobs; i++)
			await stack.db.query(`select cron.schedule($1, '1 seconds', $2)`, [`interval-${i}`, command]);
		for (let i = 0; i < minuteJobs; i++)
			await stack.db.query(`select cron.schedule($1, '* * * * *', $2)`, [`minute-${i}`, command]);
		// Until the second minute mark from now has passed, with a few seconds for its runs.
		const until = (Math.floor(Date.now() / 60_000) + minuteMarks) * 60_000 + 5_000;
		await new Promise((resolve) => setTimeout(resolve, until - Date.now()));
		const { rows } = await stack.db.query<Run & { jobid: number }>(
			`select d.jobid, j.schedule, (extract(epoch from d.start_time) * 1000)::float8 as "startMs"
			 from cron.job_run_details d join cron.job j using (jobid)
			 where d.status = 'succeeded' order by d.jobid, d.start_time`
		);
		await stack.db.query('delete from cron.job');
		const late = { interval: [] as number[], minute: [] as number[] };
		rows.forEach((run, i) => {
			if (run.schedule === '* * * * *') late.minute.push(run.startMs % 60_000);
			else if (i > 0 && rows[i - 1].jobid === run.jobid)
				late.interval.push(run.startMs - rows[i - 1].startMs - 1_000);
		});
		return (['interval', 'minute'] as const).flatMap((kind) => {
			const row = {
				suite: 'cron',
				case:
					kind === 'interval'
						? `${intervalJobs} '1 seconds' jobs, ${late.interval.length} runs`
						: `${minuteJobs} '* * * * *' jobs, ${late.minute.length} runs`,
				database,
				unit: 'ms'
			};
			return [
				{ ...row, metric: 'p50 start after due', value: percentile(late[kind], 50) },
				{ ...row, metric: 'p95 start after due', value: percentile(late[kind], 95), target },
				{ ...row, metric: 'max start after due', value: Math.max(...late[kind]) }
			];
		});
	} finally {
		await stack.stop();
	}
}

export default {
	name: 'cron',
	async run(): Promise<BenchRow[]> {
		const rows = await onStack({ data: 'memory' }, 'pglite (memory)');
		if (!hasPostgres()) return rows;
		const cluster = await startPostgres();
		try {
			rows.push(
				...(await onStack({ databaseUrl: createDatabase(cluster, 'bench_cron') }, 'postgres 15'))
			);
		} finally {
			await cluster.stop();
		}
		return rows;
	}
};
