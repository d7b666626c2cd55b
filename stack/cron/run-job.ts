// One run of a job, as pg_cron makes it: a row in cron.job_run_details (`starting`), a session of its
// own logged in as the job's user (`running`, with start_time and job_pid), the command sent as one
// simple query (so several statements share one transaction and VACUUM or COMMIT work as in psql),
// and the outcome recorded (`succeeded` or `failed`, return_message, end_time).
import type { Database, SimpleOutcome } from '../db';
import { returnMessage } from './return-message';

export interface Job {
	jobid: number;
	command: string;
	database: string;
	username: string;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

const iso = (ms: number) => literal(new Date(ms).toISOString());

/** Runs `job` now; `now` is the scheduler's clock, which stamps start_time and end_time. */
export async function runJob(db: Database, job: Job, now: () => number): Promise<void> {
	const { rows } = await db.query<{ runid: number }>(
		`insert into cron.job_run_details (jobid, database, username, command, status)
		 values ($1, $2, $3, $4, 'starting') returning runid`,
		[job.jobid, job.database, job.username, job.command]
	);
	const runid = Number(rows[0].runid);
	const start = now();
	let status: 'succeeded' | 'failed' = 'failed';
	let message: string;
	try {
		const outcome = await db.session(async (session): Promise<SimpleOutcome | undefined> => {
			const setup = await session.simple(
				`update cron.job_run_details
				 set status = 'running', start_time = ${iso(start)}, job_pid = pg_catalog.pg_backend_pid()
				 where runid = ${runid};
				 select _stack.cron_login(${literal(job.username)});
				 set session authorization ${literal(job.username)};
				 set application_name = 'pg_cron'`
			);
			if (setup.error) return undefined;
			return session.simple(job.command);
		});
		// pg_cron says no more than this when it cannot open the job's connection (a dropped role, or
		// one that may not log in).
		message = outcome ? returnMessage(outcome, job.command) : 'connection failed';
		if (outcome && !outcome.error) status = 'succeeded';
	} catch {
		message = 'connection failed';
	}
	await db.query(
		`update cron.job_run_details
		 set status = $2, return_message = $3, start_time = coalesce(start_time, $4), end_time = $5
		 where runid = $1`,
		[runid, status, message, new Date(start).toISOString(), new Date(now()).toISOString()]
	);
}
