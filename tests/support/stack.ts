// Starts an in-process local stack for a test file: in-memory PGlite, or, when the suite runs on
// PostgreSQL (STACK_TEST_DB=postgres with TEST_DATABASE_URL), a fresh database of its own there.
import {
	createClient,
	type SupabaseClient,
	type SupabaseClientOptions
} from '@supabase/supabase-js';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { createStack, type Stack, type StackOptions } from '../../stack';
import { raisedAuthLimits } from './auth-limits';
import {
	adoptTemplateJobs,
	databaseUrl,
	projectTemplate,
	testDatabasePrefix,
	testRun
} from './postgres-template';

export const onPostgres = process.env.STACK_TEST_DB === 'postgres';

const projectRoot = join(import.meta.dirname, '..', '..');

export interface TestStack extends Stack {
	/** A supabase-js client for this stack, with the `ws` transport Node 20 needs for realtime. */
	client(key?: string, options?: SupabaseClientOptions<'public'>): SupabaseClient;
	/** The suite's own PostgreSQL database (on PGlite: none), for tests that need several connections. */
	databaseUrl?: string;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		await client.query(`drop database if exists ${name} with (force)`);
	} finally {
		await client.end();
	}
}

/**
 * A new database on the suite's PostgreSQL (`TEST_DATABASE_URL`), empty or a copy of `template`, and a
 * way to drop it.
 *
 * DROP DATABASE waits for a checkpoint, which writes and fsyncs whatever the whole server has changed:
 * seconds per test file when the suite's files write to the same server (fsync is on in CI). In the
 * stack-postgres run nothing waits for it: the drop goes on beside the next file, and the run's
 * teardown (postgres-template.setup.ts) drops whatever a worker left by its prefix. Elsewhere (the
 * reliability files) there is no teardown, so the drop is awaited.
 */
export async function freshPostgresDatabase(
	template?: string
): Promise<{ url: string; drop: () => Promise<void> }> {
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (!adminUrl) throw new Error('STACK_TEST_DB=postgres needs TEST_DATABASE_URL');
	const run = testRun();
	const name = `${run ? testDatabasePrefix(run) : 'autocrm_test_'}${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
	await admin.end();
	const url = databaseUrl(adminUrl, name);
	if (template) await adoptTemplateJobs(url, template);
	return {
		url,
		drop: async () => {
			const dropping = dropDatabase(adminUrl, name);
			if (run) dropping.catch(() => {});
			else await dropping;
		}
	};
}

export async function startTestStack(
	options: Omit<StackOptions, 'port' | 'data' | 'databaseUrl'> = {}
): Promise<TestStack> {
	// Fixture projects set their own limits; the project's own keeps hosted ones (auth-limits.ts).
	const onProject = resolve(options.workdir ?? '.') === projectRoot;
	const env = options.env ?? (onProject ? { ...process.env, ...raisedAuthLimits } : process.env);
	const template =
		onPostgres && onProject
			? await projectTemplate(process.env.TEST_DATABASE_URL!, projectRoot, env)
			: undefined;
	const database = onPostgres ? await freshPostgresDatabase(template) : undefined;
	let stack: Stack;
	try {
		stack = await createStack({
			...options,
			env,
			port: 0,
			data: 'memory',
			databaseUrl: database?.url
		});
	} catch (error) {
		await database?.drop();
		throw error;
	}
	const stop = async () => {
		await stack.stop();
		await database?.drop();
	};
	return {
		...stack,
		stop,
		[Symbol.asyncDispose]: stop,
		databaseUrl: database?.url,
		client: (key = stack.keys.anon, clientOptions = {}) =>
			createClient(stack.url, key, {
				...clientOptions,
				auth: { persistSession: false, autoRefreshToken: false, ...clientOptions.auth },
				realtime: { transport: WebSocket as never, ...clientOptions.realtime }
			})
	};
}
