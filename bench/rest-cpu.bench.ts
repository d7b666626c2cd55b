// What one REST request costs the machine, as figures a shared machine cannot skew: the stack
// process's CPU time per request (process.cpuUsage over REST_CPU_REQUESTS requests, 10,000 by
// default), the database server's CPU per request on PostgreSQL (its backends' utime + stime from
// /proc), and database round trips per request (exchanges ended by a Sync on `pg`'s connections).
// The load comes from a child process on keep-alive sockets (support/http-load.ts), so the stack's
// process only serves. Cases: a single-row GET by primary key under RLS, as an array and as one
// object (.single()), and the same two floors as the `rest` suite: a bare `node:http` server with
// the same body, and the same SELECT, role and claims sent straight to the database. PostgreSQL is
// a database of its own on BENCH_DATABASE_URL's server when that is set, a throwaway cluster
// otherwise.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStack, type Stack } from '../stack';
import { createJwtCodec } from '../stack/keys';
import { startHttpLoad } from './support/http-load';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import type { BenchRow, BenchSuite } from './support/types';

const workdir = join(import.meta.dirname, '..', 'tests', 'stack', 'fixtures', 'rest-bench');
const userA = '00000000-0000-0000-0000-00000000000a';
const requests = Number(process.env.REST_CPU_REQUESTS ?? 10_000);
const warmup = Math.min(2000, requests);
const ids = Array.from({ length: 2000 }, (_, i) => 2 * (i + 1));

interface Generator {
	run(urls: string[], headers: Record<string, string>, count: number): Promise<void>;
	stop(): void;
}

function startGenerator(concurrency: number): Generator {
	const load = startHttpLoad();
	return {
		run: async (urls, headers, count) => {
			const { failures } = await load.run({ urls, headers, concurrency, count });
			if (failures) throw new Error(`${failures} requests failed`);
		},
		stop: () => load.stop()
	};
}

/** Counts exchanges with PostgreSQL: each `pg` query (a batch included) ends in one Sync. */
function countRoundTrips() {
	const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
	const original = proto.query;
	let count = 0;
	proto.query = function (this: unknown, ...args: unknown[]) {
		count++;
		return original.apply(this, args);
	};
	return { read: () => count, restore: () => void (proto.query = original) };
}

/** The CPU the server's backends for `database` have used, in ms (Linux /proc, 100 ticks/s). */
async function backendCpuMs(adminUrl: string, database: string): Promise<number> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		const { rows } = await client.query<{ pid: number }>(
			'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
			[database]
		);
		let ticks = 0;
		for (const { pid } of rows) {
			try {
				const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
				ticks += Number(fields[11]) + Number(fields[12]);
			} catch {
				// The backend ended in between: its time is lost to both readings alike.
			}
		}
		return ticks * 10;
	} finally {
		await client.end();
	}
}

interface Cost {
	nodeCpuMs: number;
	dbCpuMs?: number;
	roundTrips?: number;
}

async function measureCost(
	work: () => Promise<void>,
	db: { adminUrl: string; name: string } | undefined,
	trips: { read(): number } | undefined
): Promise<Cost> {
	const dbBefore = db && (await backendCpuMs(db.adminUrl, db.name));
	const tripsBefore = trips?.read();
	const before = process.cpuUsage();
	await work();
	const used = process.cpuUsage(before);
	const tripsAfter = trips?.read();
	const dbAfter = db && (await backendCpuMs(db.adminUrl, db.name));
	return {
		nodeCpuMs: (used.user + used.system) / 1000 / requests,
		dbCpuMs: dbBefore === undefined ? undefined : (dbAfter! - dbBefore) / requests,
		roundTrips: tripsBefore === undefined ? undefined : (tripsAfter! - tripsBefore) / requests
	};
}

async function measure(
	stack: Stack,
	database: string,
	db?: { adminUrl: string; name: string }
): Promise<BenchRow[]> {
	const rows: BenchRow[] = [
		{
			suite: 'rest-cpu',
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
	const objectHeaders = { ...headers, Accept: 'application/vnd.pgrst.object+json' };
	const urls = ids.map((id) => `${stack.url}/rest/v1/items?select=*&id=eq.${id}`);
	const body = await (await fetch(urls[0], { headers })).text();
	const bare = createServer((_req, res) => {
		res.writeHead(200, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(body)
		});
		res.end(body);
	});
	await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
	const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
	const claimsJson = JSON.stringify(claims);
	const direct = async (count: number, concurrency: number) => {
		let next = 0;
		const loop = async () => {
			while (next < count) {
				const i = next++;
				await stack.db.batch([
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
			}
		};
		await Promise.all(Array.from({ length: concurrency }, loop));
	};
	const trips = db ? countRoundTrips() : undefined;
	const add = (label: string, cost: Cost) => {
		const base = { suite: 'rest-cpu', case: label, database };
		console.error(
			`  ${database} | ${label}: node ${cost.nodeCpuMs.toFixed(3)} ms` +
				(cost.dbCpuMs === undefined ? '' : `, db ${cost.dbCpuMs.toFixed(3)} ms`) +
				(cost.roundTrips === undefined ? '' : `, ${cost.roundTrips.toFixed(2)} round trips`)
		);
		rows.push({
			...base,
			metric: 'stack process CPU per request',
			value: cost.nodeCpuMs,
			unit: 'ms'
		});
		if (cost.dbCpuMs !== undefined)
			rows.push({ ...base, metric: 'database CPU per request', value: cost.dbCpuMs, unit: 'ms' });
		if (cost.roundTrips !== undefined)
			rows.push({
				...base,
				metric: 'database round trips per request',
				value: cost.roundTrips,
				unit: ''
			});
	};
	try {
		for (const concurrency of [1, 50]) {
			const clients = `${concurrency} client${concurrency > 1 ? 's' : ''}`;
			const generator = startGenerator(concurrency);
			try {
				await generator.run([bareUrl], {}, warmup);
				add(
					`bare node:http round trip, ${clients}`,
					await measureCost(() => generator.run([bareUrl], {}, requests), undefined, undefined)
				);
				await direct(warmup, concurrency);
				add(
					`direct SQL: the same SELECT, role and claims, no HTTP, ${clients}`,
					await measureCost(() => direct(requests, concurrency), db, trips)
				);
				await generator.run(urls, headers, warmup);
				add(
					`single-row GET by primary key (RLS), ${clients}`,
					await measureCost(() => generator.run(urls, headers, requests), db, trips)
				);
				// What supabase-js's .single() sends: the row count is checked before answering.
				await generator.run(urls, objectHeaders, warmup);
				add(
					`the same GET as one object (.single()), ${clients}`,
					await measureCost(() => generator.run(urls, objectHeaders, requests), db, trips)
				);
			} finally {
				generator.stop();
			}
		}
	} finally {
		trips?.restore();
		bare.closeAllConnections();
		bare.close();
	}
	return rows;
}

async function onPostgres(): Promise<BenchRow[]> {
	const shared = process.env.BENCH_DATABASE_URL;
	const cluster = shared ? undefined : await startPostgres();
	const adminUrl = shared ?? cluster!.url;
	const name = `rest_cpu_${process.pid}`;
	try {
		const databaseUrl = cluster
			? createDatabase(cluster, name)
			: (() => {
					execFileSync('psql', [adminUrl, '-qc', `create database ${name}`]);
					const url = new URL(adminUrl);
					url.pathname = `/${name}`;
					return url.toString();
				})();
		const stack = await createStack({ workdir, port: 0, databaseUrl });
		try {
			return await measure(stack, 'postgres 15', { adminUrl, name });
		} finally {
			await stack.stop();
		}
	} finally {
		if (cluster) await cluster.stop();
		else execFileSync('psql', [adminUrl, '-qc', `drop database if exists ${name} with (force)`]);
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
	name: 'rest-cpu',
	async run() {
		const skipPglite = process.env.REST_CPU_BENCH === 'postgres';
		return [
			...(hasPostgres() || process.env.BENCH_DATABASE_URL ? await onPostgres() : []),
			...(skipPglite ? [] : await onPglite())
		];
	}
} satisfies BenchSuite;
