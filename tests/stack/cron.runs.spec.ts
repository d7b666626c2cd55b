// Jobs running for real on the stack's database, on a clock the test moves: when they run, as whom,
// in what transaction, what cron.job_run_details says about them, and that a job never overlaps
// itself.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../stack/clock';
import { onPostgres, startTestStack } from '../support/stack';
import { cronSuite, fixture } from './fixtures/cron/support';

const clock = new ManualClock(Date.parse('2030-01-01T00:00:30Z'));
const suite = cronSuite({ clock });

afterEach(async () => {
	await suite.query('delete from cron.job');
});

interface RunRow {
	status: string;
	return_message: string;
	username: string;
	start_time: string;
	end_time: string;
}

const run = async (runid: number) =>
	(
		await suite.query<RunRow>(
			`select status, return_message, username,
			        to_char(start_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as start_time,
			        to_char(end_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as end_time
			 from cron.job_run_details where runid = $1`,
			[runid]
		)
	)[0];

const schedule = async (name: string, when: string, command: string) =>
	Number(
		(
			await suite.query<{ jobid: number }>('select cron.schedule($1, $2, $3) as jobid', [
				name,
				when,
				command
			])
		)[0].jobid
	);

/**
 * Creates a one-second job with `create` (which returns its id), lets that second pass once the
 * scheduler has learned of the job, and returns how its first run ended. The clock first moves on a
 * millisecond, so no earlier job is due at the same instant and `armedFor` waits for this one.
 */
async function runOnceWith(create: () => Promise<number>) {
	clock.advanceTo(clock.now() + 1);
	const from = suite.runs.items.length;
	const due = clock.now() + 1_000;
	const jobid = await create();
	await clock.armedFor(due);
	clock.advanceTo(due);
	const outcome = await run((await suite.finished(jobid, from)).runid);
	await suite.query('delete from cron.job where jobid = $1', [jobid]);
	return outcome;
}

const runOnce = (name: string, command: string) =>
	runOnceWith(() => schedule(name, '1 seconds', command));

const iso = (ms: number) => new Date(ms).toISOString();

describe('cron runs', () => {
	it('run a seconds job that many seconds after scheduling, then after each start', async () => {
		const from = suite.runs.items.length;
		const scheduledAt = clock.now();
		const jobid = await schedule('every-five', '5 seconds', `select 1`);
		await clock.armedFor(scheduledAt + 5_000);
		clock.advanceTo(scheduledAt + 5_000);
		const first = await suite.finished(jobid, from);
		expect(await run(first.runid)).toMatchObject({
			status: 'succeeded',
			return_message: '1 row',
			start_time: iso(scheduledAt + 5_000)
		});
		await clock.armedFor(scheduledAt + 10_000);
		clock.advanceTo(scheduledAt + 10_000);
		const second = await suite.finished(jobid, suite.runs.items.indexOf(first) + 1);
		expect((await run(second.runid)).start_time).toBe(iso(scheduledAt + 10_000));
	});

	it('fire a cron schedule at the start of its minute', async () => {
		const from = suite.runs.items.length;
		// The first 5-minute mark at least a minute away.
		const mark = Math.ceil((clock.now() + 60_000) / 300_000) * 300_000;
		const jobid = await schedule('every-five-minutes', '*/5 * * * *', `select 1`);
		await clock.armedFor(mark);
		clock.advanceTo(mark - 1);
		clock.advanceTo(mark);
		const done = await suite.finished(jobid, from);
		expect((await run(done.runid)).start_time).toBe(iso(mark));
	});

	it('report the last statement’s command tag, or the rows a query returned', async () => {
		expect(await runOnce('tag', `insert into cron_log (note) values ('a'), ('b')`)).toMatchObject({
			status: 'succeeded',
			return_message: 'INSERT 0 2'
		});
		expect(await runOnce('rows', `select generate_series(1, 3)`)).toMatchObject({
			return_message: '3 rows'
		});
	});

	it('run several statements in one transaction: a failure undoes the ones before it', async () => {
		const outcome = await runOnce(
			'half-done',
			`insert into cron_log (note) values ('half-done'); select 1 / 0`
		);
		expect(outcome).toMatchObject({
			status: 'failed',
			return_message: 'ERROR:  division by zero\n'
		});
		expect(await suite.query(`select * from cron_log where note = 'half-done'`)).toEqual([]);
	});

	it('record a failing command with the error as psql prints it', async () => {
		expect(await runOnce('missing', `select * from no_such_table`)).toMatchObject({
			status: 'failed',
			return_message:
				'ERROR:  relation "no_such_table" does not exist\nLINE 1: select * from no_such_table\n                      ^\n'
		});
	});

	it('run commands that cannot run inside a transaction, and transaction control, as psql would', async () => {
		expect(await runOnce('vacuum', `vacuum cron_log`)).toMatchObject({
			status: 'succeeded',
			return_message: 'VACUUM'
		});
		expect(
			await runOnce('explicit', `begin; insert into cron_log (note) values ('explicit'); commit`)
		).toMatchObject({ status: 'succeeded', return_message: 'COMMIT' });
		expect(await suite.query(`select note from cron_log where note = 'explicit'`)).toHaveLength(1);
	});

	it('leave nothing behind in the database’s sessions: role, settings, open transactions', async () => {
		await runOnce('lingering', `set role anon; set statement_timeout = '1ms'; begin`);
		expect(
			await suite.query(
				`select current_user as who, current_setting('statement_timeout') as timeout`
			)
		).toEqual([{ who: 'postgres', timeout: '0' }]);
	});

	it('run as the job’s user', async () => {
		const outcome = await runOnceWith(async () => {
			const [{ jobid }] = await suite.query<{ jobid: number }>(
				`select cron.schedule_in_database('as-worker', '1 seconds',
				   $$insert into cron_log (note) values ('as-worker')$$, current_database(), 'cron_worker') as jobid`
			);
			return Number(jobid);
		});
		expect(outcome).toMatchObject({ status: 'succeeded', username: 'cron_worker' });
		expect(await suite.query(`select written_by from cron_log where note = 'as-worker'`)).toEqual([
			{ written_by: 'cron_worker' }
		]);
	});

	it('fail a job whose role may not log in, as pg_cron’s connection would', async () => {
		const outcome = await runOnceWith(async () => {
			const [{ jobid }] = await suite.query<{ jobid: number }>(
				`insert into cron.job (schedule, command, username, jobname)
				 values ('1 seconds', 'select 1', 'anon', 'no-login') returning jobid`
			);
			return Number(jobid);
		});
		expect(outcome).toMatchObject({
			status: 'failed',
			return_message: 'connection failed'
		});
	});

	it.runIf(onPostgres)('never start a job while its last run is still going', async () => {
		const from = suite.runs.items.length;
		const start = clock.now();
		const jobid = await schedule('slow', '1 seconds', `select pg_advisory_xact_lock(4242)`);
		await suite.stack.db.session(async (blocker) => {
			await blocker.query('select pg_advisory_lock(4242)');
			await clock.armedFor(start + 1_000);
			clock.advanceTo(start + 1_000);
			await suite.runs.next((e) => e.jobid === jobid && e.status === 'running', 'run 1', from);
			// Three more seconds pass while run 1 waits for the lock.
			clock.advanceTo(start + 2_000);
			clock.advanceTo(start + 4_000);
			await blocker.query('select pg_advisory_unlock(4242)');
		});
		const first = await suite.finished(jobid, from);
		const second = await suite.finished(jobid, suite.runs.items.indexOf(first) + 1);
		const events = suite.runs.items.slice(from).filter((e) => e.jobid === jobid);
		// Run 2 began only after run 1 ended, and the seconds missed queued one run, not three.
		expect(events.map((e) => [e.runid === first.runid ? 1 : 2, e.status])).toEqual([
			[1, 'starting'],
			[1, 'running'],
			[1, 'succeeded'],
			[2, 'starting'],
			[2, 'running'],
			[2, 'succeeded']
		]);
		expect(second.runid).toBeGreaterThan(first.runid);
	});

	it.runIf(onPostgres)(
		'stop with the stack, which cancels a run rather than waiting it out',
		async () => {
			const ownClock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
			const stack = await startTestStack({ workdir: fixture, clock: ownClock });
			try {
				let started = () => {};
				const running = new Promise<void>((resolve) => (started = resolve));
				await stack.db.listen('cron_runs', (payload) => {
					if ((JSON.parse(payload) as { status: string }).status === 'running') started();
				});
				await stack.db.query(
					`select cron.schedule('endless', '1 seconds', 'select pg_sleep(600)')`
				);
				await ownClock.armedFor(Date.parse('2030-01-01T00:00:01Z'));
				ownClock.advanceTo(Date.parse('2030-01-01T00:00:01Z'));
				await running;
			} finally {
				// Within the test's timeout only if the ten-minute query was cancelled.
				await stack.stop();
			}
			expect(stack.url).toMatch(/^http:/);
		}
	);
});
