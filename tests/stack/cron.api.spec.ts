// Supabase Cron's SQL API as pg_cron 1.6 defines it and Supabase grants it: cron.schedule by name
// (upserting by name) and without, cron.unschedule by name and id, cron.alter_job, their errors, the
// cron.job and cron.job_run_details tables, and one job run on the system clock end to end.
import { describe, expect, it } from 'vitest';
import { cronSuite } from './fixtures/cron/support';

const suite = cronSuite();

interface JobRow {
	jobid: number;
	schedule: string;
	command: string;
	nodename: string;
	database: string;
	username: string;
	active: boolean;
	jobname: string | null;
}

const scheduleNamed = async (name: string, schedule: string, command: string) =>
	Number(
		(
			await suite.query<{ jobid: number }>('select cron.schedule($1, $2, $3) as jobid', [
				name,
				schedule,
				command
			])
		)[0].jobid
	);

const jobNamed = async (name: string) =>
	(await suite.query<JobRow>('select * from cron.job where jobname = $1', [name]))[0];

const xx000 = (message: string) => ({ code: 'XX000', message });

describe('cron.schedule', () => {
	it('creates a named job for the calling user in this database', async () => {
		const jobid = await scheduleNamed('nightly-cleanup', '30 3 * * *', 'delete from cron_log');
		const [{ database }] = await suite.query<{ database: string }>(
			'select current_database() as database'
		);
		expect(await jobNamed('nightly-cleanup')).toMatchObject({
			jobid,
			schedule: '30 3 * * *',
			command: 'delete from cron_log',
			nodename: 'localhost',
			database,
			username: 'postgres',
			active: true,
			jobname: 'nightly-cleanup'
		});
	});

	it('updates the job of the same name instead of adding one, keeping its id', async () => {
		const first = await scheduleNamed('digest', '0 8 * * *', 'select 1');
		await suite.query(`select cron.alter_job($1, active := false)`, [first]);
		const second = await scheduleNamed('digest', '0 9 * * 1-5', 'select 2');
		expect(second).toBe(first);
		// pg_cron's upsert changes schedule, command and database, not whether the job is active.
		expect(await jobNamed('digest')).toMatchObject({
			schedule: '0 9 * * 1-5',
			command: 'select 2',
			active: false
		});
	});

	it('gives every unnamed job an id of its own', async () => {
		const ids = await suite.query<{ jobid: number }>(
			`select cron.schedule('*/5 * * * *', 'select 1') as jobid
			 union all select cron.schedule('*/5 * * * *', 'select 1')`
		);
		expect(new Set(ids.map((r) => Number(r.jobid))).size).toBe(2);
	});

	it('answers pg_cron’s messages for missing arguments', async () => {
		await expect(
			suite.query(`select cron.schedule(null, '* * * * *', 'select 1')`)
		).rejects.toMatchObject(xx000('job_name can not be NULL'));
		await expect(suite.query(`select cron.schedule('a', null, 'select 1')`)).rejects.toMatchObject(
			xx000('schedule can not be NULL')
		);
		await expect(suite.query(`select cron.schedule('a', '* * * * *', null)`)).rejects.toMatchObject(
			xx000('command can not be NULL')
		);
		// The two-argument form is STRICT: a null argument gives a null job id.
		expect(await suite.query(`select cron.schedule(null::text, 'select 1') as jobid`)).toEqual([
			{ jobid: null }
		]);
	});

	it('schedules for another login role only for a superuser, and refuses unknown roles', async () => {
		const [{ jobid }] = await suite.query<{ jobid: number }>(
			`select cron.schedule_in_database('as-worker', '0 1 * * *', 'select 1', current_database(), 'cron_worker') as jobid`
		);
		expect(await jobNamed('as-worker')).toMatchObject({
			jobid: Number(jobid),
			username: 'cron_worker'
		});
		await expect(
			suite.query(
				`select cron.schedule_in_database('ghost', '0 1 * * *', 'select 1', current_database(), 'no_such_role_here')`
			)
		).rejects.toMatchObject(xx000('role "no_such_role_here" does not exist'));
		await expect(
			suite.query(
				`select cron.schedule_in_database('elsewhere', '0 1 * * *', 'select 1', 'no_such_database')`
			)
		).rejects.toMatchObject({
			code: '3D000',
			message: 'database "no_such_database" does not exist'
		});
	});
});

describe('cron.unschedule and cron.alter_job', () => {
	it('unschedule by name or by id, answering true', async () => {
		const byId = await scheduleNamed('remove-by-id', '* * * * *', 'select 1');
		await scheduleNamed('remove-by-name', '* * * * *', 'select 1');
		expect(await suite.query(`select cron.unschedule($1::bigint) as done`, [byId])).toEqual([
			{ done: true }
		]);
		expect(await suite.query(`select cron.unschedule('remove-by-name') as done`)).toEqual([
			{ done: true }
		]);
		expect(
			await suite.query(`select jobname from cron.job where jobname like 'remove-by-%'`)
		).toEqual([]);
	});

	it('refuse jobs that do not exist with pg_cron’s messages', async () => {
		await expect(suite.query(`select cron.unschedule('no-such-job')`)).rejects.toMatchObject(
			xx000("could not find valid entry for job 'no-such-job'")
		);
		await expect(suite.query(`select cron.unschedule(987654::bigint)`)).rejects.toMatchObject(
			xx000('could not find valid entry for job 987654')
		);
		await expect(
			suite.query(`select cron.alter_job(987654, schedule := '* * * * *')`)
		).rejects.toMatchObject(xx000("Job 987654 does not exist or you don't own it"));
	});

	it('alter_job changes only what it is given', async () => {
		const jobid = await scheduleNamed('altered', '0 1 * * *', 'select 1');
		await suite.query(`select cron.alter_job($1, command := 'select 2')`, [jobid]);
		await suite.query(`select cron.alter_job($1, schedule := '15 seconds', active := false)`, [
			jobid
		]);
		expect(await jobNamed('altered')).toMatchObject({
			schedule: '15 seconds',
			command: 'select 2',
			active: false
		});
	});

	it('alter_job refuses no change and a bad schedule, changing nothing', async () => {
		const jobid = await scheduleNamed('unaltered', '0 1 * * *', 'select 1');
		await expect(suite.query(`select cron.alter_job($1)`, [jobid])).rejects.toMatchObject({
			code: 'XX000',
			message: 'no updates specified',
			hint: 'You must specify at least one job attribute to change when calling alter_job'
		});
		await expect(
			suite.query(`select cron.alter_job($1, schedule := '0 1 * * * *')`, [jobid])
		).rejects.toMatchObject({ code: '22023', message: 'invalid schedule: 0 1 * * * *' });
		expect(await jobNamed('unaltered')).toMatchObject({ schedule: '0 1 * * *' });
	});
});

describe('cron grants', () => {
	// postgres is a superuser on the stack, so its grants are read from the ACLs rather than checked.
	const grantees = async (acl: string, object: string) =>
		(
			await suite.query<{ grant: string }>(
				`select distinct coalesce(nullif(a.grantee::regrole::text, '-'), 'PUBLIC') || ':' || a.privilege_type as grant
				 from aclexplode((${acl})) a where a.grantee <> (${object})
				 order by 1`
			)
		).map((row) => row.grant);

	it('are pg_cron’s for everyone: read your jobs, read and delete your run details', async () => {
		const owner = `select relowner from pg_class where oid = 'cron.job'::regclass`;
		const publicGrants = (list: string[]) => list.filter((g) => g.startsWith('PUBLIC:'));
		expect(
			publicGrants(
				await grantees(`select relacl from pg_class where oid = 'cron.job'::regclass`, owner)
			)
		).toEqual(['PUBLIC:SELECT']);
		expect(
			publicGrants(
				await grantees(
					`select relacl from pg_class where oid = 'cron.job_run_details'::regclass`,
					owner
				)
			)
		).toEqual(['PUBLIC:DELETE', 'PUBLIC:SELECT']);
	});

	it('are Supabase’s for postgres: the schema, and every function including alter_job', async () => {
		const alterJob = `'cron.alter_job(bigint,text,text,text,text,boolean)'::regprocedure`;
		const owner = `select proowner from pg_proc where oid = ${alterJob}`;
		expect(await grantees(`select proacl from pg_proc where oid = ${alterJob}`, owner)).toEqual([
			'postgres:EXECUTE'
		]);
		expect(
			await grantees(
				`select nspacl from pg_namespace where nspname = 'cron'`,
				`select nspowner from pg_namespace where nspname = 'cron'`
			)
		).toEqual(['postgres:USAGE']);
		expect(
			await suite.query(
				`select has_schema_privilege('authenticated', 'cron', 'usage') as authenticated,
				        has_schema_privilege('anon', 'cron', 'usage') as anon`
			)
		).toEqual([{ authenticated: false, anon: false }]);
	});

	it('keep signed-in users from scheduling', async () => {
		await expect(
			suite.stack.db.transaction(async (tx) => {
				await tx.query(`set local role authenticated`);
				await tx.query(`select cron.schedule('mine', '* * * * *', 'select 1')`);
			})
		).rejects.toMatchObject({ code: '42501', message: 'permission denied for schema cron' });
	});

	it('show each user only their own jobs (cron.job’s policy)', async () => {
		await scheduleNamed('owned-by-postgres', '0 4 * * *', 'select 1');
		const seen = await suite.stack.db.transaction(
			async (tx) => {
				await tx.query(
					`select cron.schedule_in_database('owned-by-worker', '0 4 * * *', 'select 1', current_database(), 'cron_worker')`
				);
				await tx.query(`grant usage on schema cron to cron_worker`);
				await tx.query(`set local role cron_worker`);
				return (await tx.query<{ jobname: string }>(`select jobname from cron.job`)).rows;
			},
			{ rollback: true }
		);
		expect(seen.map((row) => row.jobname)).toContain('owned-by-worker');
		expect(seen.map((row) => row.jobname)).not.toContain('owned-by-postgres');
	});
});

describe('a job on the system clock', () => {
	it('runs every second, as its user, and records each run', async () => {
		const from = suite.runs.items.length;
		const jobid = await scheduleNamed(
			'every-second',
			'1 seconds',
			`insert into cron_log (note) values ('tick')`
		);
		const done = await suite.finished(jobid, from);
		await suite.query(`select cron.unschedule('every-second')`);
		const [run] = await suite.query<Record<string, unknown>>(
			`select jobid, username, command, status, return_message, job_pid,
			        start_time <= end_time as ordered, database = current_database() as here
			 from cron.job_run_details where runid = $1`,
			[done.runid]
		);
		expect(run).toMatchObject({
			username: 'postgres',
			command: `insert into cron_log (note) values ('tick')`,
			status: 'succeeded',
			return_message: 'INSERT 0 1',
			ordered: true,
			here: true
		});
		expect(run.job_pid).not.toBeNull();
		// The run went through starting and running before it succeeded.
		expect(suite.runs.items.filter((e) => e.runid === done.runid).map((e) => e.status)).toEqual([
			'starting',
			'running',
			'succeeded'
		]);
	});
});
