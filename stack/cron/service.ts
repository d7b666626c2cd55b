// Supabase Cron for the local stack: pg_cron's SQL API in the image (schema.sql) and a scheduler that
// runs the jobs. Migrations written for Supabase enable the extension first; the stack has no
// pg_cron to create, so it skips those statements (see `providedExtensions`).
import { systemClock } from '../clock';
import type { ServiceModule } from '../http';
import { runJob } from './run-job';
import { startScheduler } from './scheduler';

export const cronService: ServiceModule = {
	name: 'cron',
	schemaFiles: [new URL('./schema.sql', import.meta.url)],
	providedExtensions: ['pg_cron'],
	async create(ctx) {
		const clock = ctx.clock ?? systemClock;
		const scheduler = await startScheduler({
			db: ctx.db,
			clock,
			log: ctx.log,
			run: (job) => runJob(ctx.db, job, () => clock.now())
		});
		return {
			name: 'cron',
			routes: [],
			async close() {
				let closed = false;
				const closing = scheduler.close().finally(() => (closed = true));
				// A stopping stack does not wait out a long job: its query is cancelled (again until the
				// run ends, in case the run was between statements) and the run recorded as failed. On
				// PGlite a run holds the one connection until it ends.
				if (ctx.db.kind === 'postgres')
					while (!closed) {
						await ctx.db
							.query(
								`select pg_catalog.pg_cancel_backend(job_pid) from cron.job_run_details
								 where status = 'running' and job_pid is not null`
							)
							.catch(() => {});
						await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 200))]);
					}
				await closing;
			}
		};
	}
};
