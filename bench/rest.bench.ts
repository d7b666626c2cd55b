// The REST API under load: a single-row GET by primary key under an RLS policy, and a 25-row
// filtered, ordered list with one embed, at 1 and 50 concurrent clients, on a throwaway PostgreSQL 15
// and on in-memory PGlite. The load comes from a worker thread (its own event loop) using fetch with
// keep-alive, so the stack's process only serves.
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createStack, type Stack } from '../stack';
import { createJwtCodec } from '../stack/keys';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile } from './support/stats';
import type { BenchRow, BenchSuite } from './support/types';

const workdir = join(import.meta.dirname, '..', 'tests', 'stack', 'fixtures', 'rest-bench');
const userA = '00000000-0000-0000-0000-00000000000a';
const warmupMs = 1500;
const measureMs = Number(process.env.REST_BENCH_SECONDS ?? 6) * 1000;
const concurrencies = [1, 50];

interface LoadResult {
	latencies: number[];
	elapsedMs: number;
	failures: number;
}

// Runs in the worker: `concurrency` loops each sending its next request as the last one completes.
const loadGenerator = `
const { parentPort, workerData } = require('node:worker_threads');
const { urls, headers, concurrency, warmupMs, measureMs } = workerData;
async function loop(deadline, latencies, counts, offset) {
	let i = offset;
	while (performance.now() < deadline) {
		const url = urls[i++ % urls.length];
		const start = performance.now();
		const response = await fetch(url, { headers });
		await response.arrayBuffer();
		if (latencies) latencies.push(performance.now() - start);
		if (response.status !== 200) counts.failures++;
	}
}
(async () => {
	const counts = { failures: 0 };
	const warm = performance.now() + warmupMs;
	await Promise.all(Array.from({ length: concurrency }, (_, c) => loop(warm, null, counts, c * 7919)));
	counts.failures = 0;
	const latencies = [];
	const start = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, (_, c) => loop(start + measureMs, latencies, counts, c * 104729))
	);
	parentPort.postMessage({ latencies, elapsedMs: performance.now() - start, failures: counts.failures });
})();
`;

function runLoad(urls: string[], headers: Record<string, string>, concurrency: number) {
	return new Promise<LoadResult>((resolve, reject) => {
		const worker = new Worker(loadGenerator, {
			eval: true,
			workerData: { urls, headers, concurrency, warmupMs, measureMs }
		});
		worker.once('message', (result: LoadResult) => {
			void worker.terminate();
			resolve(result);
		});
		worker.once('error', reject);
	});
}

interface Case {
	name: string;
	urls: string[];
	target?: string;
}

function cases(stack: Stack): Case[] {
	// User a owns the even ids; each request reads a different one of them.
	const ids = Array.from({ length: 2000 }, (_, i) => 2 * (i + 1));
	return [
		{
			name: 'single-row GET by primary key (RLS)',
			urls: ids.map((id) => `${stack.url}/rest/v1/items?select=*&id=eq.${id}`),
			target: 'PostgreSQL 15: ≥ 2000 requests/s, p99 < 15 ms'
		},
		{
			name: '25-row filtered, ordered list with one embed',
			urls: Array.from(
				{ length: 10 },
				(_, c) =>
					`${stack.url}/rest/v1/items?select=id,title,created_at,categories(name)&category_id=eq.${c + 1}&order=created_at.desc&limit=25`
			)
		}
	];
}

async function measure(stack: Stack, database: string): Promise<BenchRow[]> {
	// The machine is shared: its load says how much of it the benchmark had.
	const load: BenchRow = {
		suite: 'rest',
		case: 'machine load average (1 min) at start',
		database,
		metric: 'load',
		value: loadavg()[0],
		unit: `on ${cpus().length} cpus`
	};
	const token = await createJwtCodec(stack.keys.jwtSecret).sign({
		sub: userA,
		role: 'authenticated',
		aud: 'authenticated',
		exp: Math.floor(Date.now() / 1000) + 3600
	});
	const headers = { apikey: stack.keys.anon, Authorization: `Bearer ${token}` };
	const rows: BenchRow[] = [load];
	for (const benchCase of cases(stack))
		for (const concurrency of concurrencies) {
			const before = performance.eventLoopUtilization();
			const result = await runLoad(benchCase.urls, headers, concurrency);
			const busy = performance.eventLoopUtilization(before);
			const label = `${benchCase.name}, ${concurrency} client${concurrency > 1 ? 's' : ''}`;
			const base = { suite: 'rest', case: label, database };
			const target = benchCase.target;
			console.error(
				`  ${database} | ${label}: ${Math.round((result.latencies.length * 1000) / result.elapsedMs)}/s` +
					(result.failures ? ` (${result.failures} failed)` : '')
			);
			rows.push(
				{
					...base,
					metric: 'requests/s',
					value: Math.round((result.latencies.length * 1000) / result.elapsedMs),
					unit: 'req/s',
					target
				},
				{ ...base, metric: 'p50', value: percentile(result.latencies, 50), unit: 'ms', target },
				{ ...base, metric: 'p99', value: percentile(result.latencies, 99), unit: 'ms', target },
				{
					...base,
					metric: 'server event loop busy per request',
					value: (busy.utilization * result.elapsedMs) / (result.latencies.length || 1),
					unit: 'ms'
				},
				{ ...base, metric: 'failed requests', value: result.failures, unit: '' }
			);
		}
	return rows;
}

async function onPostgres(): Promise<BenchRow[]> {
	const cluster = await startPostgres();
	try {
		const stack = await createStack({
			workdir,
			port: 0,
			databaseUrl: createDatabase(cluster, 'rest_bench')
		});
		try {
			return await measure(stack, 'postgres 15');
		} finally {
			await stack.stop();
		}
	} finally {
		await cluster.stop();
	}
}

async function onPglite(): Promise<BenchRow[]> {
	const stack = await createStack({ workdir, port: 0, data: 'memory' });
	try {
		return await measure(stack, 'pglite (memory)');
	} finally {
		await stack.stop();
	}
}

export default {
	name: 'rest',
	async run() {
		return [...(hasPostgres() ? await onPostgres() : []), ...(await onPglite())];
	}
} satisfies BenchSuite;
