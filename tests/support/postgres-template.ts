// On PostgreSQL, migrating and seeding the project's schema was most of a test stack's start, and every
// stack-postgres file on the project paid it again. The project's database is now built once per run
// (and per set of config overrides) as a template database, and each test stack gets a copy of it:
// CREATE DATABASE … TEMPLATE copies files instead of running some ninety migrations and the seed.
// The copy is what a fresh start on an empty database would leave, except that its stack did not
// create it (`created` is false). Fixture projects still migrate their own database: they are small,
// and tests/stack/core.spec.ts asserts what a start on an empty database does.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createStack } from '../../stack';
import type { Environment } from '../../stack/config';

declare module 'vitest' {
	export interface ProvidedContext {
		/** This run's name for its template databases (postgres-template.setup.ts drops them). */
		postgresTemplateRun: string;
	}
}

/** Every template database of one run starts with this; the run's teardown drops them by it. */
export const templatePrefix = (run: string) => `autocrm_tpl_${run}_`;

/** Every test file's database of one run starts with this; the run's teardown drops those left. */
export const testDatabasePrefix = (run: string) => `autocrm_test_${run}_`;

/**
 * This stack-postgres run's name, or `undefined` outside that project. Playwright's specs start stacks
 * through these helpers too, where Vitest's `inject` throws: outside Vitest there is no run.
 */
export const testRun = (): string | undefined =>
	process.env.VITEST ? inject('postgresTemplateRun') || undefined : undefined;

/** The database at `adminUrl`'s server named `name`. */
export function databaseUrl(adminUrl: string, name: string): string {
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

async function connected<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

/**
 * The template for the project's database under this environment, built by whichever test file asks
 * first (an advisory lock makes the others wait for it). Only the `SUPABASE_*` overrides can change
 * what a start writes, so they name the template. `undefined` outside the stack-postgres project.
 */
export async function projectTemplate(
	adminUrl: string,
	workdir: string,
	env: Environment
): Promise<string | undefined> {
	const run = testRun();
	if (!run) return undefined;
	const overrides = Object.entries(env)
		.filter(([key]) => key.startsWith('SUPABASE_'))
		.sort(([a], [b]) => a.localeCompare(b));
	const key = createHash('sha256').update(JSON.stringify(overrides)).digest('hex').slice(0, 12);
	const name = `${templatePrefix(run)}${key}`;
	return connected(adminUrl, async (admin) => {
		await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
		const { rows } = await admin.query<{ ready: boolean }>(
			'select datistemplate as ready from pg_database where datname = $1',
			[name]
		);
		if (rows[0]?.ready) return name;
		// Left half-built by a run that died while building it: built again.
		if (rows[0]) await admin.query(`drop database ${name} with (force)`);
		await admin.query(`create database ${name}`);
		try {
			const stack = await createStack({
				workdir,
				env,
				port: 0,
				data: 'memory',
				mail: false,
				databaseUrl: databaseUrl(adminUrl, name)
			});
			await stack.stop();
			// Marked only once complete: the mark is what the check above trusts.
			await admin.query(`alter database ${name} is_template true`);
		} catch (error) {
			await admin.query(`drop database if exists ${name} with (force)`);
			throw error;
		}
		return name;
	});
}

/**
 * Gives a copy the cron jobs its template's migrations scheduled: a job names its database (pg_cron's
 * `cron.job.database`, set to the template's name when it was scheduled), and the stack runs only
 * the jobs of the database it serves.
 */
export function adoptTemplateJobs(url: string, template: string): Promise<void> {
	return connected(url, async (client) => {
		await client.query('update cron.job set database = current_database() where database = $1', [
			template
		]);
	});
}
