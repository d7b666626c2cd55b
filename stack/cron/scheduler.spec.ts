import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import type { QueryResult } from '../db';
import type { Job } from './run-job';
import { startScheduler, type Scheduler } from './scheduler';
import type { CronFields, Schedule } from './schedule';

const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Every `step` minutes (`*/step * * * *`), as _stack.cron_parse returns it.
const everyMinutes = (step: number): CronFields => ({
	minutes: range(0, 59).filter((m) => m % step === 0),
	hours: range(0, 23),
	days: range(1, 31),
	months: range(1, 12),
	weekdays: range(0, 6),
	lastDay: false,
	daysStar: true,
	weekdaysStar: true
});

interface JobRow extends Job {
	schedule: string;
	active: boolean;
	parsed: Schedule | null;
}

const job = (jobid: number, parsed: Schedule | null, active = true): JobRow => ({
	jobid,
	schedule: JSON.stringify(parsed),
	command: `select ${jobid}`,
	database: 'postgres',
	username: 'postgres',
	active,
	parsed
});

/** cron.job as the scheduler reads it, and its trigger's notification. */
function fakeDatabase(jobs: JobRow[]) {
	let notify: (() => void) | undefined;
	const database = {
		jobs,
		async query<Row>(sql: string): Promise<QueryResult<Row>> {
			const rows = sql.includes('from cron.job ') ? database.jobs : [];
			return { rows: rows as Row[], fields: [], affectedRows: 0 };
		},
		async listen(_channel: string, onNotify: (payload: string) => void) {
			notify = () => onNotify('');
			return async () => {};
		},
		changed: () => notify?.()
	};
	return database;
}

/** Runs the test holds open until it finishes them. */
class Runs {
	readonly started: { job: Job; at: number; finish: () => void }[] = [];
	constructor(private readonly clock: ManualClock) {}
	readonly run = (job: Job) =>
		new Promise<void>((resolve) =>
			this.started.push({ job, at: this.clock.now(), finish: resolve })
		);
	of(jobid: number) {
		return this.started.filter((r) => r.job.jobid === jobid);
	}
}

/** Lets the promise chains that follow a finished run settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const t0 = Date.parse('2030-01-01T00:03:30Z');
let scheduler: Scheduler | undefined;
let held: Runs | undefined;
afterEach(async () => {
	const closing = scheduler?.close();
	for (const run of held?.started ?? []) run.finish();
	await closing;
	scheduler = undefined;
});

async function start(jobs: JobRow[], logs: string[] = []) {
	const clock = new ManualClock(t0);
	const db = fakeDatabase(jobs);
	const runs = new Runs(clock);
	held = runs;
	scheduler = await startScheduler({ db, clock, log: (line) => logs.push(line), run: runs.run });
	return { clock, db, runs };
}

describe('the cron scheduler', () => {
	it('runs a seconds job that many seconds after it learns of it, then after each start', async () => {
		const { clock, runs } = await start([job(1, { seconds: 10 })]);
		clock.advanceTo(t0 + 9_999);
		expect(runs.of(1)).toHaveLength(0);
		clock.advanceTo(t0 + 10_000);
		expect(runs.of(1).map((r) => r.at)).toEqual([t0 + 10_000]);
		runs.of(1)[0].finish();
		await settle();
		await clock.armedFor(t0 + 20_000);
		clock.advanceTo(t0 + 20_000);
		expect(runs.of(1).map((r) => r.at)).toEqual([t0 + 10_000, t0 + 20_000]);
	});

	it('never starts a job again while its run is going, and queues one run of a seconds job', async () => {
		const { clock, runs } = await start([job(1, { seconds: 1 })]);
		clock.advanceTo(t0 + 1_000);
		clock.advanceTo(t0 + 2_000);
		clock.advanceTo(t0 + 5_000);
		expect(runs.of(1)).toHaveLength(1);
		runs.of(1)[0].finish();
		await settle();
		// The queued run starts at once, and only one was queued for the four seconds missed.
		expect(runs.of(1).map((r) => r.at)).toEqual([t0 + 1_000, t0 + 5_000]);
		runs.of(1)[1].finish();
		await settle();
		expect(runs.of(1)).toHaveLength(2);
	});

	it('fires cron schedules at the start of their minute', async () => {
		const { clock, runs } = await start([job(1, everyMinutes(5))]);
		const five = Date.parse('2030-01-01T00:05:00Z');
		await clock.armedFor(five);
		clock.advanceTo(five - 1);
		expect(runs.of(1)).toHaveLength(0);
		clock.advanceTo(five);
		expect(runs.of(1).map((r) => new Date(r.at).toISOString())).toEqual([
			'2030-01-01T00:05:00.000Z'
		]);
	});

	it('makes up every minute of a short stall, one run after another', async () => {
		const { clock, runs } = await start([job(1, everyMinutes(1))]);
		clock.advanceTo(Date.parse('2030-01-01T00:06:10Z'));
		// 00:04, 00:05 and 00:06 were due: one runs, two wait.
		expect(runs.of(1)).toHaveLength(1);
		for (let i = 0; i < 3; i++) {
			runs.of(1)[i].finish();
			await settle();
		}
		expect(runs.of(1)).toHaveLength(3);
	});

	it('runs a cron job once after a jump of more than five minutes', async () => {
		const { clock, runs } = await start([job(1, everyMinutes(1))]);
		clock.advanceTo(Date.parse('2030-01-01T02:00:10Z'));
		runs.of(1)[0].finish();
		await settle();
		expect(runs.of(1)).toHaveLength(1);
	});

	it('runs @reboot jobs once, when it starts', async () => {
		const { clock, runs } = await start([job(1, { reboot: true })]);
		expect(runs.of(1)).toHaveLength(1);
		runs.of(1)[0].finish();
		await settle();
		clock.advanceTo(t0 + 3_600_000);
		expect(runs.of(1)).toHaveLength(1);
	});

	it('picks up new, changed and removed jobs when cron.job changes', async () => {
		const { clock, db, runs } = await start([job(1, { seconds: 5 })]);
		db.jobs = [job(1, { seconds: 5 }), job(2, { seconds: 3 })];
		db.changed();
		await clock.armedFor(t0 + 3_000);
		clock.advanceTo(t0 + 3_000);
		expect(runs.of(2)).toHaveLength(1);
		// Job 2 is unscheduled mid-run: that run ends normally, no other follows.
		db.jobs = [job(1, { seconds: 5 })];
		db.changed();
		await clock.armedFor(t0 + 5_000);
		runs.of(2)[0].finish();
		await settle();
		clock.advanceTo(t0 + 10_000);
		expect(runs.of(2)).toHaveLength(1);
		expect(runs.of(1).length).toBeGreaterThan(0);
	});

	it('skips inactive jobs and says which schedule it cannot read', async () => {
		const logs: string[] = [];
		const { clock, runs } = await start([job(1, { seconds: 1 }, false), job(2, null)], logs);
		clock.advanceTo(t0 + 60_000);
		expect(runs.started).toHaveLength(0);
		expect(logs).toEqual(['cron: invalid schedule for job 2: null']);
	});

	it('runs at most 32 jobs at once; the rest start as runs finish', async () => {
		const jobs = range(1, 40).map((id) => job(id, { seconds: 1 }));
		const { clock, runs } = await start(jobs);
		clock.advanceTo(t0 + 1_000);
		expect(runs.started).toHaveLength(32);
		runs.started[0].finish();
		await settle();
		expect(runs.started).toHaveLength(33);
	});
});
