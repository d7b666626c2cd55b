// Runs the jobs of cron.job when they are due, as pg_cron's background worker does:
// - cron schedules are checked minute by minute (every minute passed, after a short stall; only the
//   current one after a jump of more than five minutes), in UTC;
// - `N seconds` jobs run N seconds after the scheduler learns of them, then N seconds after each
//   run's start;
// - a job never runs twice at once: runs that come due meanwhile wait their turn (an interval job
//   queues at most one), and at most 32 runs go at the same time (`cron.max_running_jobs`);
// - `@reboot` jobs run once when the scheduler starts;
// - the jobs are reloaded when cron.job changes (its trigger notifies), runs left `starting` or
//   `running` by an earlier process are marked failed, as after a server restart.
import type { Clock } from '../clock';
import type { Database } from '../db';
import type { Job } from './run-job';
import { firesAt, isCron, minuteStartOf, nextFire, type Schedule } from './schedule';

interface JobRow extends Job {
	schedule: string;
	active: boolean;
	parsed: Schedule | null;
}

interface Task {
	job: JobRow;
	pending: number;
	running: boolean;
	/** When the last run started, or when the scheduler learned of the job. */
	lastStart: number;
	/** Unscheduled or deactivated while a run was going: dropped once that run ends. */
	retired: boolean;
}

const maxRunningJobs = 32;
const minuteMs = 60_000;
/** Beyond this stall the minutes missed are not made up, as pg_cron treats a clock jump. */
const maxCatchUpMinutes = 5;
/** The timer never sleeps longer, so a far-off schedule is re-checked now and then. */
const maxSleepMs = 60 * minuteMs;

export interface Scheduler {
	close(): Promise<void>;
}

export interface SchedulerOptions {
	db: Pick<Database, 'query' | 'listen'>;
	clock: Clock;
	log: (line: string) => void;
	/** Runs one job to completion and records it (run-job.ts). */
	run: (job: Job) => Promise<void>;
}

export async function startScheduler({
	db,
	clock,
	log,
	run: runJob
}: SchedulerOptions): Promise<Scheduler> {
	const tasks = new Map<number, Task>();
	const runs = new Set<Promise<void>>();
	const warned = new Set<string>();
	let checkedMinute = minuteStartOf(clock.now());
	let cancelTimer: (() => void) | undefined;
	let closed = false;
	let loading: Promise<void> | undefined;
	let reloadAgain = false;

	async function loadJobs(): Promise<JobRow[]> {
		const { rows } = await db.query<JobRow>(
			`select jobid, schedule, command, database, username, active, _stack.cron_parse(schedule) as parsed
			 from cron.job where database = pg_catalog.current_database() order by jobid`
		);
		return rows.map((row) => ({ ...row, jobid: Number(row.jobid) }));
	}

	function apply(rows: JobRow[]) {
		const now = clock.now();
		const seen = new Set<number>();
		for (const row of rows) {
			if (!row.parsed) {
				const key = `${row.jobid}:${row.schedule}`;
				if (!warned.has(key)) log(`cron: invalid schedule for job ${row.jobid}: ${row.schedule}`);
				warned.add(key);
				continue;
			}
			if (!row.active) continue;
			seen.add(row.jobid);
			const task = tasks.get(row.jobid);
			if (task) Object.assign(task, { job: row, retired: false });
			else
				tasks.set(row.jobid, {
					job: row,
					pending: 0,
					running: false,
					lastStart: now,
					retired: false
				});
		}
		// A run in progress finishes; its task goes once it is done.
		for (const [jobid, task] of tasks) {
			if (seen.has(jobid)) continue;
			if (task.running) {
				task.retired = true;
				task.pending = 0;
			} else tasks.delete(jobid);
		}
	}

	const reload = () => {
		if (loading) {
			reloadAgain = true;
			return loading;
		}
		loading = (async () => {
			do {
				reloadAgain = false;
				try {
					apply(await loadJobs());
				} catch (error) {
					if (!closed) log(`cron: loading jobs failed: ${(error as Error).message}`);
				}
			} while (reloadAgain && !closed);
			loading = undefined;
			tick();
		})();
		return loading;
	};

	function countDueRuns(now: number) {
		const minute = minuteStartOf(now);
		if (minute > checkedMinute) {
			const passed = (minute - checkedMinute) / minuteMs;
			const from = passed > maxCatchUpMinutes ? minute : checkedMinute + minuteMs;
			for (let at = from; at <= minute; at += minuteMs)
				for (const task of tasks.values()) {
					const schedule = task.job.parsed;
					if (!task.retired && schedule && isCron(schedule) && firesAt(schedule, at))
						task.pending++;
				}
			checkedMinute = minute;
		}
		for (const task of tasks.values()) {
			const schedule = task.job.parsed;
			if (schedule && 'seconds' in schedule && task.pending === 0 && !task.retired)
				if (now - task.lastStart >= schedule.seconds * 1000) task.pending = 1;
		}
	}

	function startRuns(now: number) {
		for (const task of tasks.values()) {
			if (runs.size >= maxRunningJobs) return;
			if (task.running || task.retired || task.pending === 0) continue;
			task.pending--;
			task.running = true;
			task.lastStart = now;
			const job = { ...task.job };
			const run = runJob(job)
				.catch((error) => {
					if (!closed)
						log(`cron: job ${job.jobid} could not be recorded: ${error?.message ?? error}`);
				})
				.finally(() => {
					runs.delete(run);
					task.running = false;
					if (task.retired && tasks.get(job.jobid) === task) tasks.delete(job.jobid);
					tick();
				});
			runs.add(run);
		}
	}

	function nextWake(now: number): number {
		let wake = now + maxSleepMs;
		for (const task of tasks.values()) {
			const schedule = task.job.parsed;
			if (!schedule) continue;
			if (isCron(schedule)) {
				const next = nextFire(schedule, checkedMinute);
				if (next !== undefined) wake = Math.min(wake, next);
			} else if ('seconds' in schedule && !task.running && task.pending === 0) {
				wake = Math.min(wake, task.lastStart + schedule.seconds * 1000);
			}
		}
		return wake;
	}

	function tick() {
		if (closed) return;
		const now = clock.now();
		countDueRuns(now);
		startRuns(now);
		cancelTimer?.();
		cancelTimer = clock.setTimer(tick, Math.max(0, nextWake(now) - now));
	}

	await db.query(
		`update cron.job_run_details set status = 'failed', return_message = 'server restarted'
		 where status in ('starting', 'running')`
	);
	const stopListening = await db.listen('_stack_cron_jobs', () => void reload());
	apply(await loadJobs());
	for (const task of tasks.values())
		if (task.job.parsed && 'reboot' in task.job.parsed) task.pending = 1;
	tick();

	return {
		async close() {
			closed = true;
			cancelTimer?.();
			await stopListening();
			await loading;
			await Promise.all(runs);
		}
	};
}
