// Storage upload and download throughput through supabase-js (multipart uploads, as a browser sends
// a File), for 10 kB, 1 MB and 20 MB objects, with bytes on disk: PGlite with a data folder, and a
// throwaway PostgreSQL 15 cluster with the bytes in a data folder beside it.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createStack, type StackOptions } from '../stack';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow } from './support/types';

const workdir = join(import.meta.dirname, '..', 'tests', 'stack', 'fixtures', 'storage-bench');

const cases = [
	{ label: '10 kB', bytes: 10_000, rounds: 100 },
	{ label: '1 MB', bytes: 1_000_000, rounds: 30 },
	{ label: '20 MB', bytes: 20_000_000, rounds: 6 }
];

const megabytesPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

async function measure(storage: SupabaseClient['storage'], database: string): Promise<BenchRow[]> {
	const bucket = storage.from('bench');
	const rows: BenchRow[] = [];
	for (const { label, bytes, rounds } of cases) {
		const file = new Blob([randomBytes(bytes)], { type: 'application/octet-stream' });
		const up: number[] = [];
		const down: number[] = [];
		// One round more than measured: the first warms up connections and caches.
		for (let round = 0; round <= rounds; round++) {
			const path = `${label.replace(' ', '')}/${round}.bin`;
			let start = performance.now();
			const uploaded = await bucket.upload(path, file);
			if (uploaded.error) throw uploaded.error;
			const upMs = since(start);
			start = performance.now();
			const downloaded = await bucket.download(path);
			if (downloaded.error) throw downloaded.error;
			const size = (await downloaded.data.arrayBuffer()).byteLength;
			const downMs = since(start);
			if (size !== bytes) throw new Error(`downloaded ${size} bytes of ${bytes}`);
			if (round > 0) {
				up.push(upMs);
				down.push(downMs);
			}
		}
		for (const [direction, samples] of [
			['upload', up],
			['download', down]
		] as const) {
			const total = samples.reduce((sum, ms) => sum + ms, 0);
			const row = { suite: 'storage', case: `${direction} ${label}`, database };
			rows.push(
				{
					...row,
					metric: 'throughput',
					value: megabytesPerSecond(bytes * samples.length, total),
					unit: 'MB/s'
				},
				{ ...row, metric: 'p50 latency', value: percentile(samples, 50), unit: 'ms' }
			);
		}
	}
	return rows;
}

async function onStack(options: StackOptions, database: string): Promise<BenchRow[]> {
	const stack = await createStack({ workdir, port: 0, ...options });
	try {
		const client = createClient(stack.url, stack.keys.serviceRole, {
			auth: { persistSession: false },
			realtime: { transport: WebSocket as never }
		});
		return await measure(client.storage, database);
	} finally {
		await stack.stop();
	}
}

export default {
	name: 'storage',
	async run(): Promise<BenchRow[]> {
		const rows: BenchRow[] = [];
		const data = await mkdtemp(join(tmpdir(), 'autocrm-storage-bench-'));
		try {
			rows.push(...(await onStack({ data: join(data, 'pglite') }, 'pglite (data folder)')));
			if (hasPostgres()) {
				const cluster = await startPostgres();
				try {
					const databaseUrl = createDatabase(cluster, 'storage_bench');
					rows.push(
						...(await onStack({ databaseUrl, data: join(data, 'postgres') }, 'postgres 15'))
					);
				} finally {
					await cluster.stop();
				}
			}
		} finally {
			await rm(data, { recursive: true, force: true });
		}
		return rows;
	}
};
