// The Auth API's numbers on in-memory PGlite and on a throwaway PostgreSQL 15: cold start to ready
// with the project's own supabase/ (migrations, seed, hook), with and without the cached PGlite
// image; password sign-in and refresh latency; refresh throughput with 20 concurrent clients.
// The project's config.toml is used with its rate limits raised, in a temporary workdir.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'smol-toml';
import { createStack, type Stack, type StackOptions } from '../stack';
import {
	createDatabase,
	hasPostgres,
	startPostgres,
	type PostgresCluster
} from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow } from './support/types';

const projectSupabase = join(import.meta.dirname, '..', 'supabase');
const password = 'bench-password-1';
const concurrentClients = 20;
const concurrentSeconds = 5;

/** A workdir holding the project's supabase/ (when there is one) with rate limits out of the way. */
async function benchWorkdir(): Promise<string> {
	const workdir = await mkdtemp(join(tmpdir(), 'autocrm-auth-bench-'));
	const supabase = join(workdir, 'supabase');
	if (existsSync(projectSupabase)) await cp(projectSupabase, supabase, { recursive: true });
	else await mkdir(supabase);
	const configPath = join(supabase, 'config.toml');
	const config = existsSync(configPath)
		? (parse(await readFile(configPath, 'utf8')) as Record<string, Record<string, unknown>>)
		: {};
	const auth = (config.auth ??= {});
	auth.rate_limit = Object.fromEntries(
		[
			'email_sent',
			'sign_in_sign_ups',
			'token_refresh',
			'token_verifications',
			'anonymous_users'
		].map((key) => [key, 1_000_000])
	);
	await writeFile(configPath, stringify(config));
	return workdir;
}

async function timedStart(options: StackOptions): Promise<{ stack: Stack; ms: number }> {
	const start = performance.now();
	const stack = await createStack({ port: 0, ...options });
	return { stack, ms: since(start) };
}

async function authPost(stack: Stack, path: string, body: unknown, key = stack.keys.anon) {
	const res = await fetch(`${stack.url}/auth/v1${path}`, {
		method: 'POST',
		headers: {
			apikey: key,
			'content-type': 'application/json',
			'x-supabase-api-version': '2024-01-01'
		},
		body: JSON.stringify(body)
	});
	const json = (await res.json()) as Record<string, unknown>;
	if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json)}`);
	return json;
}

const signIn = (stack: Stack, email: string) =>
	authPost(stack, '/token?grant_type=password', { email, password });
const refresh = (stack: Stack, refreshToken: string) =>
	authPost(stack, '/token?grant_type=refresh_token', { refresh_token: refreshToken });

async function createUsers(stack: Stack, count: number): Promise<string[]> {
	const emails = Array.from({ length: count }, (_, i) => `bench-${i}-${Date.now()}@example.com`);
	for (const email of emails) {
		await authPost(
			stack,
			'/admin/users',
			{ email, password, email_confirm: true },
			stack.keys.serviceRole
		);
	}
	return emails;
}

async function latencies(work: () => Promise<unknown>, rounds: number, warmup: number) {
	const samples: number[] = [];
	for (let round = 0; round < warmup + rounds; round++) {
		const start = performance.now();
		await work();
		if (round >= warmup) samples.push(since(start));
	}
	return samples;
}

async function measureAuth(stack: Stack, database: string): Promise<BenchRow[]> {
	const [email, ...others] = await createUsers(stack, concurrentClients);
	const row = { suite: 'auth', database };

	const signIns = await latencies(() => signIn(stack, email), 30, 3);

	let token = (await signIn(stack, email)).refresh_token as string;
	const refreshes = await latencies(
		async () => {
			token = (await refresh(stack, token)).refresh_token as string;
		},
		300,
		20
	);

	const tokens = await Promise.all(
		[email, ...others].map(async (e) => (await signIn(stack, e)).refresh_token as string)
	);
	let completed = 0;
	const deadline = performance.now() + concurrentSeconds * 1000;
	const start = performance.now();
	await Promise.all(
		tokens.map(async (first) => {
			let current = first;
			while (performance.now() < deadline) {
				current = (await refresh(stack, current)).refresh_token as string;
				completed++;
			}
		})
	);
	const elapsedSeconds = since(start) / 1000;

	return [
		{ ...row, case: 'password sign-in', metric: 'p50', value: percentile(signIns, 50), unit: 'ms' },
		{ ...row, case: 'password sign-in', metric: 'p95', value: percentile(signIns, 95), unit: 'ms' },
		{ ...row, case: 'refresh', metric: 'p50', value: percentile(refreshes, 50), unit: 'ms' },
		{
			...row,
			case: 'refresh',
			metric: 'p95',
			value: percentile(refreshes, 95),
			unit: 'ms',
			target: 'p95 < 20 ms'
		},
		{
			...row,
			case: `refresh, ${concurrentClients} concurrent clients`,
			metric: 'throughput',
			value: completed / elapsedSeconds,
			unit: 'refreshes/s'
		}
	];
}

async function onPglite(workdir: string): Promise<BenchRow[]> {
	const database = 'pglite (memory)';
	const rows: BenchRow[] = [];
	const previous = process.env.STACK_IMAGE_CACHE;

	process.env.STACK_IMAGE_CACHE = 'off';
	const uncached: number[] = [];
	try {
		for (let i = 0; i < 2; i++) {
			const { stack, ms } = await timedStart({ workdir, data: 'memory' });
			uncached.push(ms);
			await stack.stop();
		}
	} finally {
		if (previous === undefined) delete process.env.STACK_IMAGE_CACHE;
		else process.env.STACK_IMAGE_CACHE = previous;
	}

	// The first start writes the image (if no earlier run did); the measured ones read it.
	await (await timedStart({ workdir, data: 'memory' })).stack.stop();
	const cached: number[] = [];
	for (let i = 0; i < 3; i++) {
		const { stack, ms } = await timedStart({ workdir, data: 'memory' });
		cached.push(ms);
		await stack.stop();
	}

	rows.push(
		{
			suite: 'auth',
			case: 'cold start, cached image',
			database,
			metric: 'time to ready (median)',
			value: percentile(cached, 50),
			unit: 'ms',
			target: '< 2 s with the project migrations'
		},
		{
			suite: 'auth',
			case: 'cold start, no image cache',
			database,
			metric: 'time to ready (median)',
			value: percentile(uncached, 50),
			unit: 'ms'
		}
	);

	const stack = await createStack({ workdir, port: 0, data: 'memory' });
	try {
		rows.push(...(await measureAuth(stack, database)));
	} finally {
		await stack.stop();
	}
	return rows;
}

async function onPostgres(workdir: string, cluster: PostgresCluster): Promise<BenchRow[]> {
	const database = 'postgres 15';
	const starts: number[] = [];
	for (let i = 0; i < 2; i++) {
		const databaseUrl = createDatabase(cluster, `auth_bench_start_${i}`);
		const { stack, ms } = await timedStart({ workdir, databaseUrl });
		starts.push(ms);
		await stack.stop();
	}
	const rows: BenchRow[] = [
		{
			suite: 'auth',
			case: 'cold start, fresh database',
			database,
			metric: 'time to ready (median)',
			value: percentile(starts, 50),
			unit: 'ms'
		}
	];
	const stack = await createStack({
		workdir,
		port: 0,
		databaseUrl: createDatabase(cluster, 'auth_bench')
	});
	try {
		rows.push(...(await measureAuth(stack, database)));
	} finally {
		await stack.stop();
	}
	return rows;
}

export default {
	name: 'auth',
	async run(): Promise<BenchRow[]> {
		const workdir = await benchWorkdir();
		try {
			const rows = await onPglite(workdir);
			if (hasPostgres()) {
				const cluster = await startPostgres();
				try {
					rows.push(...(await onPostgres(workdir, cluster)));
				} finally {
					await cluster.stop();
				}
			}
			return rows;
		} finally {
			await rm(workdir, { recursive: true, force: true });
		}
	}
};
