// Realtime postgres_changes on an RLS table (the realtime suite's `tickets`: owner or `user_role =
// agent` may read): commit-to-delivery latency of one INSERT fanned out to 1, 10, 100 and 1,000
// subscribers, each a supabase-js client of its own signed in as a different agent (so every change
// is checked against RLS once per subscriber's claims), against the bare LISTEN/NOTIFY round trip
// to as many listeners measured in the same run; and the events per second sustained with 100
// subscribers. On in-memory PGlite and a throwaway PostgreSQL 15 cluster.
//
// The bare round trip is what the stack's delivery rides on, with nothing of the stack in between:
// on PostgreSQL, one connection NOTIFYs and N connections LISTEN (each listener a client of its
// own, as each subscriber is); on PGlite, N listeners of its one connection.
import { PGlite } from '@electric-sql/pglite';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { createStack, type Stack, type StackOptions } from '../stack';
import { createJwtCodec } from '../stack/keys';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile } from './support/stats';
import type { BenchRow } from './support/types';

const workdir = join(import.meta.dirname, '..', 'tests', 'stack', 'fixtures', 'realtime');

const fanOuts = [1, 10, 100, 1000];
const samplesFor = (count: number) => (count >= 1000 ? 20 : 40);
const sustainedSubscribers = 100;
const sustainedEvents = 1000;
/** Clients connect in groups of this size, so a thousand do not all knock at once. */
const connectBatch = 100;
const ratioTarget = '≤ 3 × bare LISTEN/NOTIFY (p95, 100 subscribers)';

interface Subscriber {
	client: SupabaseClient;
	/** Called with the subject of every ticket this subscriber receives. */
	onTicket: (subject: string) => void;
}

async function inBatches<T>(count: number, make: () => Promise<T>): Promise<T[]> {
	const made: T[] = [];
	for (let start = 0; start < count; start += connectBatch)
		made.push(
			...(await Promise.all(Array.from({ length: Math.min(connectBatch, count - start) }, make)))
		);
	return made;
}

async function subscribeAgent(stack: Stack): Promise<Subscriber> {
	const codec = createJwtCodec(stack.keys.jwtSecret);
	const exp = Math.floor(Date.now() / 1000) + 3600;
	const client = createClient(stack.url, stack.keys.anon, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: WebSocket as never }
	});
	await client.realtime.setAuth(
		await codec.sign({ role: 'authenticated', sub: randomUUID(), user_role: 'agent', exp })
	);
	const subscriber: Subscriber = { client, onTicket: () => {} };
	await new Promise<void>((resolve, reject) => {
		client
			.channel('agents')
			.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'tickets' }, (p) =>
				subscriber.onTicket((p.new as { subject: string }).subject)
			)
			.on('system', {}, (m: { extension: string; status: string; message: string }) => {
				if (m.extension !== 'postgres_changes') return;
				if (m.status === 'ok') resolve();
				else reject(new Error(m.message));
			})
			.subscribe((status, error) => {
				if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT')
					reject(error ?? new Error(status));
			});
	});
	return subscriber;
}

async function unsubscribe(subscribers: Subscriber[]) {
	await Promise.all(
		subscribers.map(async ({ client }) => {
			await client.removeAllChannels();
			client.realtime.disconnect();
		})
	);
}

/** Resolves when every listener has heard `what`, with each one's delay from `start`. */
function heardByAll(
	listeners: { onHear: (what: string) => void }[],
	what: string,
	start: () => number
): Promise<number[]> {
	return new Promise((resolve) => {
		const delays: number[] = [];
		for (const listener of listeners)
			listener.onHear = (heard) => {
				if (heard !== what) return;
				delays.push(performance.now() - start());
				if (delays.length === listeners.length) resolve(delays);
			};
	});
}

/**
 * Times `samples` rounds of `fire(tag)` until all listeners heard the tag (one warm-up round more),
 * giving every listener's delays and each round's first delay.
 */
async function timeRounds(
	listeners: { onHear: (what: string) => void }[],
	samples: number,
	fire: (tag: string) => Promise<unknown>
) {
	const all: number[] = [];
	const first: number[] = [];
	for (let sample = 0; sample <= samples; sample++) {
		const tag = `round-${listeners.length}-${sample}-${randomUUID()}`;
		let start = 0;
		const heard = heardByAll(listeners, tag, () => start);
		// The clock starts before the statement is sent: its commit is inside the measure.
		start = performance.now();
		await fire(tag);
		const delays = await heard;
		if (sample === 0) continue;
		all.push(...delays);
		first.push(Math.min(...delays));
	}
	return { all, first };
}

const plural = (count: number) => `${count} ${count === 1 ? 'listener' : 'listeners'}`;

function latencyRows(
	caseName: string,
	database: string,
	{ all, first }: { all: number[]; first: number[] }
): BenchRow[] {
	const row = { suite: 'realtime', case: caseName, database, unit: 'ms' };
	return [
		{ ...row, metric: 'p50 commit-to-delivery', value: percentile(all, 50) },
		{ ...row, metric: 'p95 commit-to-delivery', value: percentile(all, 95) },
		{ ...row, metric: 'p99 commit-to-delivery', value: percentile(all, 99) },
		{ ...row, metric: 'p95 to the first', value: percentile(first, 95) }
	];
}

type Bare = (count: number) => Promise<{ all: number[]; first: number[] }>;

/** NOTIFY from one connection to `count` connections that LISTEN. */
const bareOnPostgres =
	(url: string): Bare =>
	async (count) => {
		const listeners = await inBatches(count, async () => {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			await client.query('listen bench_bare');
			const listener = { client, onHear: (_: string) => {} };
			client.on('notification', (n) => listener.onHear(n.payload ?? ''));
			return listener;
		});
		const sender = new pg.Client({ connectionString: url });
		await sender.connect();
		try {
			return await timeRounds(listeners, samplesFor(count), (tag) =>
				sender.query(`notify bench_bare, '${tag}'`)
			);
		} finally {
			await sender.end();
			await Promise.all(listeners.map((l) => l.client.end()));
		}
	};

/** NOTIFY on PGlite's one connection to `count` listeners of it. */
const bareOnPglite: Bare = async (count) => {
	const db = await PGlite.create();
	try {
		const listeners = [];
		for (let i = 0; i < count; i++) {
			const listener = { onHear: (_: string) => {} };
			await db.listen('bench_bare', (payload) => listener.onHear(payload));
			listeners.push(listener);
		}
		return await timeRounds(listeners, samplesFor(count), (tag) =>
			db.query(`notify bench_bare, '${tag}'`)
		);
	} finally {
		await db.close();
	}
};

const insertTicket = (stack: Stack, subject: string) =>
	stack.db.query(`insert into tickets (owner_id, subject) values ($1, $2)`, [
		randomUUID(),
		subject
	]);

async function fanOut(stack: Stack, bare: Bare, count: number, database: string) {
	const bareTimes = await bare(count);
	const subscribers = await inBatches(count, () => subscribeAgent(stack));
	try {
		const listeners = subscribers.map((subscriber) => {
			const listener = { onHear: (_: string) => {} };
			subscriber.onTicket = (subject) => listener.onHear(subject);
			return listener;
		});
		const stackTimes = await timeRounds(listeners, samplesFor(count), (subject) =>
			insertTicket(stack, subject)
		);
		const ratio = percentile(stackTimes.all, 95) / percentile(bareTimes.all, 95);
		return [
			...latencyRows(`bare LISTEN/NOTIFY → ${plural(count)}`, database, bareTimes),
			...latencyRows(
				`INSERT on RLS table → ${count} subscriber${count === 1 ? '' : 's'}`,
				database,
				stackTimes
			),
			{
				suite: 'realtime',
				case: `INSERT on RLS table → ${count} subscriber${count === 1 ? '' : 's'}`,
				database,
				metric: 'p95 ÷ bare LISTEN/NOTIFY p95',
				value: ratio,
				unit: '×',
				...(count === 100 ? { target: ratioTarget } : {})
			}
		];
	} finally {
		await unsubscribe(subscribers);
	}
}

async function sustained(stack: Stack, database: string): Promise<BenchRow[]> {
	const subscribers = await inBatches(sustainedSubscribers, () => subscribeAgent(stack));
	try {
		let received = 0;
		const total = sustainedEvents * subscribers.length;
		const done = new Promise<void>((resolve) => {
			for (const subscriber of subscribers)
				subscriber.onTicket = (subject) => {
					if (subject.startsWith('sustained-') && ++received === total) resolve();
				};
		});
		const start = performance.now();
		// Four writers at once, as several agents and customers would write (PGlite takes turns).
		const writers = 4;
		await Promise.all(
			Array.from({ length: writers }, async (_, writer) => {
				for (let i = writer; i < sustainedEvents; i += writers)
					await insertTicket(stack, `sustained-${i}`);
			})
		);
		await done;
		const seconds = (performance.now() - start) / 1000;
		const row = {
			suite: 'realtime',
			case: `sustained INSERTs → ${subscribers.length} subscribers`,
			database
		};
		return [
			{ ...row, metric: 'events delivered', value: sustainedEvents / seconds, unit: 'events/s' },
			{ ...row, metric: 'messages delivered', value: total / seconds, unit: 'messages/s' }
		];
	} finally {
		await unsubscribe(subscribers);
	}
}

async function onStack(options: StackOptions, bare: Bare, database: string): Promise<BenchRow[]> {
	const stack = await createStack({ workdir, port: 0, ...options });
	try {
		const rows: BenchRow[] = [];
		for (const count of fanOuts) rows.push(...(await fanOut(stack, bare, count, database)));
		rows.push(...(await sustained(stack, database)));
		return rows;
	} finally {
		await stack.stop();
	}
}

export default {
	name: 'realtime',
	async run(): Promise<BenchRow[]> {
		const rows = await onStack({ data: 'memory' }, bareOnPglite, 'pglite (memory)');
		if (!hasPostgres()) return rows;
		// A thousand listeners for the bare round trip, beside the stack's own connections.
		const cluster = await startPostgres({ maxConnections: 1200 });
		try {
			const databaseUrl = createDatabase(cluster, 'bench_realtime');
			rows.push(...(await onStack({ databaseUrl }, bareOnPostgres(databaseUrl), 'postgres 15')));
		} finally {
			await cluster.stop();
		}
		return rows;
	}
};
