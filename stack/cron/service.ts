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
		return { name: 'cron', routes: [], close: () => scheduler.close() };
	}
};
