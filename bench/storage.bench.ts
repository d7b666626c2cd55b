// Storage upload and download throughput through supabase-js (multipart uploads, as a browser sends
// a File), for 10 kB, 1 MB and 20 MB objects, and image transformation latency (a 4000×3000 JPEG to
// a 200 px WebP thumbnail, as a browser asks for it), with bytes on disk: PGlite with a data folder,
// and a throwaway PostgreSQL 15 cluster with the bytes in a data folder beside it.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
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

const transformRounds = 30;
const browserAccept = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8';

/** A 12-megapixel JPEG with a phone photo's weight (about 4 MB): textured, so decoding costs. */
const photo = () =>
	sharp({
		create: {
			width: 4000,
			height: 3000,
			channels: 3,
			background: { r: 120, g: 110, b: 100 },
			noise: { type: 'gaussian', mean: 120, sigma: 40 }
		}
	})
		.blur(1)
		.jpeg({ quality: 90 })
		.toBuffer();

async function measureTransforms(
	client: SupabaseClient,
	url: string,
	serviceKey: string,
	database: string
): Promise<BenchRow[]> {
	const bucket = client.storage.from('bench');
	const source = await photo();
	const sourceFile = new Blob([new Uint8Array(source)], { type: 'image/jpeg' });
	const thumbnail = async (path: string) => {
		const start = performance.now();
		const res = await fetch(
			`${url}/storage/v1/render/image/authenticated/bench/${path}?width=200`,
			{ headers: { authorization: `Bearer ${serviceKey}`, accept: browserAccept } }
		);
		const body = await res.arrayBuffer();
		const ms = since(start);
		if (res.headers.get('content-type') !== 'image/webp' || body.byteLength === 0)
			throw new Error(
				`expected a WebP thumbnail, got ${res.status} ${res.headers.get('content-type')}`
			);
		return ms;
	};

	// Every path is a distinct object, so each first render misses the rendition cache.
	const uncached: number[] = [];
	for (let round = 0; round <= transformRounds; round++) {
		const path = `photos/${round}.jpg`;
		const uploaded = await bucket.upload(path, sourceFile);
		if (uploaded.error) throw uploaded.error;
		const ms = await thumbnail(path);
		if (round > 0) uncached.push(ms);
	}
	const cached: number[] = [];
	for (let round = 0; round < transformRounds; round++)
		cached.push(await thumbnail('photos/1.jpg'));
	const direct: number[] = [];
	for (let round = 0; round <= transformRounds; round++) {
		const start = performance.now();
		await sharp(source).resize(200).webp({ quality: 80 }).toBuffer();
		if (round > 0) direct.push(since(start));
	}

	const label = 'thumbnail 4000×3000 JPEG → 200 px WebP';
	const row = (which: string, samples: number[], target?: string) =>
		[50, 95].map((p) => ({
			suite: 'storage',
			case: `${label}, ${which}`,
			database,
			metric: `p${p}`,
			value: percentile(samples, p),
			unit: 'ms',
			...(p === 95 && target && { target })
		}));
	return [
		...row('first request', uncached, 'p95 ≤ 150 ms'),
		...row('cached', cached),
		...row('sharp alone', direct),
		{
			suite: 'storage',
			case: 'thumbnail, first request vs sharp alone',
			database,
			metric: 'p50 ratio',
			value: percentile(uncached, 50) / percentile(direct, 50),
			unit: '×'
		}
	];
}

async function onStack(options: StackOptions, database: string): Promise<BenchRow[]> {
	const stack = await createStack({ workdir, port: 0, ...options });
	try {
		const client = createClient(stack.url, stack.keys.serviceRole, {
			auth: { persistSession: false },
			realtime: { transport: WebSocket as never }
		});
		return [
			...(await measure(client.storage, database)),
			...(await measureTransforms(client, stack.url, stack.keys.serviceRole, database))
		];
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
