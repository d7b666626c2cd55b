// The REST API under load: a single-row GET by primary key under an RLS policy, and a 25-row
// filtered, ordered list with one embed, at 1 and 50 concurrent clients, on a throwaway PostgreSQL 15
// and on in-memory PGlite. The load comes from a child process on keep-alive sockets
// (support/http-load.ts), so the stack's process only serves. In the same run, the two floors a
// REST request stands on: a bare `node:http` round trip (same client, same response body) and the
// same SELECT with the same role and claims sent straight to the database (one prepared batch, no
// HTTP).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createStack, type Stack } from '../stack';
import { createJwtCodec } from '../stack/keys';
import { startHttpLoad, type HttpLoad, type LoadResult } from './support/http-load';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile } from './support/stats';
import type { BenchRow, BenchSuite } from './support/types';

const workdir = join(import.meta.dirname, '..', 'tests', 'stack', 'fixtures', 'rest-bench');
const userA = '00000000-0000-0000-0000-00000000000a';
const warmupMs = 1500;
const measureMs = Number(process.env.REST_BENCH_SECONDS ?? 6) * 1000;
const concurrencies = [1, 50];
const singleRowTarget = 'p50 ≤ 1.25 × (bare HTTP + direct SQL) at 1 client';

const runHttp = (
	load: HttpLoad,
	urls: string[],
	headers: Record<string, string>,
	concurrency: number
) => load.run({ urls, headers, concurrency, warmupMs, measureMs });

/** The same loop shape as the worker's, calling `work` in this thread (the direct SQL floor). */
async function runLocal(work: (i: number) => Promise<unknown>, concurrency: number) {
	const loop = async (deadline: number, latencies: number[] | null, offset: number) => {
		let i = offset;
		while (performance.now() < deadline) {
			const start = performance.now();
			await work(i++);
			latencies?.push(performance.now() - start);
		}
	};
	const warm = performance.now() + warmupMs;
	await Promise.all(Array.from({ length: concurrency }, (_, c) => loop(warm, null, c * 7919)));
	const latencies: number[] = [];
	const start = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, (_, c) => loop(start + measureMs, latencies, c * 104729))
	);
	return {
		latencies,
		elapsedMs: performance.now() - start,
		failures: 0,
		clientCpuMs: 0
	} satisfies LoadResult;
}

/** A bare `node:http` server answering every request with `body`, as the REST API would. */
async function bareServer(body: string): Promise<{ url: string; close: () => Promise<void> }> {
	const server: Server = createServer((_req, res) => {
		res.writeHead(200, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(body)
		});
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

// User a owns the even ids; each request reads a different one of them.
const ids = Array.from({ length: 2000 }, (_, i) => 2 * (i + 1));

interface Measured {
	label: string;
	result: LoadResult;
	/** The server's (this process's) event loop utilization over the run. */
	busy?: number;
}

function rowsOf(database: string, m: Measured, target?: string): BenchRow[] {
	const { result } = m;
	const base = { suite: 'rest', case: m.label, database };
	const perSecond = Math.round((result.latencies.length * 1000) / result.elapsedMs);
	console.error(
		`  ${database} | ${m.label}: ${perSecond}/s, p50 ${percentile(result.latencies, 50).toFixed(3)} ms` +
			(result.failures ? ` (${result.failures} failed)` : '')
	);
	return [
		{ ...base, metric: 'requests/s', value: perSecond, unit: 'req/s', target },
		{ ...base, metric: 'p50', value: percentile(result.latencies, 50), unit: 'ms', target },
		{ ...base, metric: 'p99', value: percentile(result.latencies, 99), unit: 'ms', target },
		...(m.busy === undefined
			? []
			: [
					{ ...base, metric: 'server main thread busy', value: m.busy * 100, unit: '%' },
					{
						...base,
						metric: 'server event loop busy per request',
						value: (m.busy * result.elapsedMs) / (result.latencies.length || 1),
						unit: 'ms'
					}
				]),
		...(result.clientCpuMs
			? [
					{
						...base,
						metric: 'load generator CPU per request',
						value: result.clientCpuMs / (result.latencies.length || 1),
						unit: 'ms'
					}
				]
			: []),
		...(result.failures
			? [{ ...base, metric: 'failed requests', value: result.failures, unit: '' }]
			: [])
	];
}

const clients = (n: number) => `${n} client${n > 1 ? 's' : ''}`;

async function measure(stack: Stack, database: string, load: HttpLoad): Promise<BenchRow[]> {
	// The machine is shared: its load says how much of it the benchmark had.
	const rows: BenchRow[] = [
		{
			suite: 'rest',
			case: 'machine load average (1 min) at start',
			database,
			metric: 'load',
			value: loadavg()[0],
			unit: `on ${cpus().length} cpus`
		}
	];
	const claims = {
		sub: userA,
		role: 'authenticated',
		aud: 'authenticated',
		exp: Math.floor(Date.now() / 1000) + 3600
	};
	const token = await createJwtCodec(stack.keys.jwtSecret).sign(claims);
	const headers = { apikey: stack.keys.anon, Authorization: `Bearer ${token}` };
	const singleUrls = ids.map((id) => `${stack.url}/rest/v1/items?select=*&id=eq.${id}`);
	const listUrls = Array.from(
		{ length: 10 },
		(_, c) =>
			`${stack.url}/rest/v1/items?select=id,title,created_at,categories(name)&category_id=eq.${c + 1}&order=created_at.desc&limit=25`
	);
	const sample = await (await fetch(singleUrls[0], { headers })).text();
	const bare = await bareServer(sample);
	const claimsJson = JSON.stringify(claims);
	const directSelect = (i: number) =>
		stack.db.batch([
			{
				sql: `select from (select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)) s`,
				params: ['authenticated', claimsJson],
				prepareKey: 'bench'
			},
			{
				sql: 'select * from public.items where id = $1',
				params: [ids[i % ids.length]],
				prepareKey: 'bench'
			}
		]);

	const run = async (
		name: string,
		concurrency: number,
		work: () => Promise<LoadResult>,
		target?: string
	) => {
		const before = performance.eventLoopUtilization();
		const result = await work();
		const busy = name.startsWith('direct SQL')
			? undefined
			: performance.eventLoopUtilization(before).utilization;
		const m: Measured = { label: `${name}, ${clients(concurrency)}`, result, busy };
		rows.push(...rowsOf(database, m, target));
		return m;
	};
	try {
		for (const concurrency of concurrencies) {
			const bareRun = await run('bare node:http round trip', concurrency, () =>
				runHttp(load, [bare.url], {}, concurrency)
			);
			const directRun = await run(
				'direct SQL: the same SELECT, role and claims, no HTTP',
				concurrency,
				() => runLocal(directSelect, concurrency)
			);
			const restRun = await run(
				'single-row GET by primary key (RLS)',
				concurrency,
				() => runHttp(load, singleUrls, headers, concurrency),
				concurrency === 1 ? singleRowTarget : undefined
			);
			const p50 = (m: Measured) => percentile(m.result.latencies, 50);
			const throughput = (m: Measured) => m.result.latencies.length / m.result.elapsedMs;
			rows.push(
				{
					suite: 'rest',
					case: `single-row GET, ${clients(concurrency)}`,
					database,
					metric: 'p50 / (bare HTTP p50 + direct SQL p50)',
					value: p50(restRun) / (p50(bareRun) + p50(directRun)),
					unit: '×',
					target: concurrency === 1 ? '≤ 1.25' : undefined
				},
				{
					suite: 'rest',
					case: `single-row GET, ${clients(concurrency)}`,
					database,
					metric: 'direct SQL throughput / REST throughput',
					value: throughput(directRun) / throughput(restRun),
					unit: '×'
				}
			);
		}
		for (const concurrency of concurrencies)
			await run('25-row filtered, ordered list with one embed', concurrency, () =>
				runHttp(load, listUrls, headers, concurrency)
			);
	} finally {
		await bare.close();
	}
	return rows;
}

async function withLoad<T>(work: (load: HttpLoad) => Promise<T>): Promise<T> {
	const load = startHttpLoad();
	try {
		return await work(load);
	} finally {
		load.stop();
	}
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
			return await withLoad((load) => measure(stack, 'postgres 15', load));
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
		return await withLoad((load) => measure(stack, 'pglite (memory)', load));
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
