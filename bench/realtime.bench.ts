// Realtime postgres_changes on an RLS table (the realtime suite's `tickets`: owner or `user_role =
// agent` may read): commit-to-delivery latency of one INSERT fanned out to 1, 10, 100 and 500
// subscribers, each a supabase-js client of its own signed in as a different agent (so every change
// is checked against RLS once per subscriber's claims), and the events per second sustained with 100
// subscribers. On in-memory PGlite and a throwaway PostgreSQL 15 cluster.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createStack, type Stack, type StackOptions } from '../stack';
import { createJwtCodec } from '../stack/keys';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile } from './support/stats';
import type { BenchRow } from './support/types';

const workdir = join(import.meta.dirname, '..', 'tests', 'stack', 'fixtures', 'realtime');

const fanOuts = [1, 10, 100, 500];
const samplesPerFanOut = 40;
const sustainedSubscribers = 100;
const sustainedEvents = 1000;
const targets: Record<number, string> = { 100: 'p95 < 50 ms (PG 15)', 500: 'p95 < 150 ms (PG 15)' };

interface Subscriber {
	client: SupabaseClient;
	/** Called with the subject of every ticket this subscriber receives. */
	onTicket: (subject: string) => void;
}

async function subscribeAgents(stack: Stack, count: number): Promise<Subscriber[]> {
	const codec = createJwtCodec(stack.keys.jwtSecret);
	const exp = Math.floor(Date.now() / 1000) + 3600;
	return Promise.all(
		Array.from({ length: count }, async () => {
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
		})
	);
}

/** Resolves when every subscriber has received `subject`, with each one's delay from `start`. */
function deliveries(subscribers: Subscriber[], subject: string, start: () => number) {
	return new Promise<number[]>((resolve) => {
		const delays: number[] = [];
		for (const subscriber of subscribers)
			subscriber.onTicket = (received) => {
				if (received !== subject) return;
				delays.push(performance.now() - start());
				if (delays.length === subscribers.length) resolve(delays);
			};
	});
}

const insert = (stack: Stack, subject: string) =>
	stack.db.query(`insert into tickets (owner_id, subject) values ($1, $2)`, [
		randomUUID(),
		subject
	]);

async function latency(stack: Stack, count: number, database: string): Promise<BenchRow[]> {
	const subscribers = await subscribeAgents(stack, count);
	try {
		const delays: number[] = [];
		// One round more than measured, to warm up plans and connections.
		for (let sample = 0; sample <= samplesPerFanOut; sample++) {
			const subject = `latency-${count}-${sample}`;
			let start = 0;
			const delivered = deliveries(subscribers, subject, () => start);
			// The clock starts before the INSERT is sent: its autocommit is inside the measure.
			start = performance.now();
			await insert(stack, subject);
			const sampleDelays = await delivered;
			if (sample > 0) delays.push(...sampleDelays);
		}
		const row = {
			suite: 'realtime',
			case: `INSERT on RLS table → ${count} subscriber${count === 1 ? '' : 's'}`,
			database
		};
		return [50, 95, 99].map((p) => ({
			...row,
			metric: `p${p} commit-to-delivery`,
			value: percentile(delays, p),
			unit: 'ms',
			...(p === 95 && targets[count] ? { target: targets[count] } : {})
		}));
	} finally {
		await Promise.all(subscribers.map((s) => s.client.removeAllChannels()));
	}
}

async function sustained(stack: Stack, database: string): Promise<BenchRow[]> {
	const subscribers = await subscribeAgents(stack, sustainedSubscribers);
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
					await insert(stack, `sustained-${i}`);
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
		await Promise.all(subscribers.map((s) => s.client.removeAllChannels()));
	}
}

async function onStack(options: StackOptions, database: string): Promise<BenchRow[]> {
	const stack = await createStack({ workdir, port: 0, ...options });
	try {
		const rows: BenchRow[] = [];
		for (const count of fanOuts) rows.push(...(await latency(stack, count, database)));
		rows.push(...(await sustained(stack, database)));
		return rows;
	} finally {
		await stack.stop();
	}
}

export default {
	name: 'realtime',
	async run(): Promise<BenchRow[]> {
		const rows = await onStack({ data: 'memory' }, 'pglite (memory)');
		if (!hasPostgres()) return rows;
		const cluster = await startPostgres();
		try {
			const databaseUrl = createDatabase(cluster, 'bench_realtime');
			rows.push(...(await onStack({ databaseUrl }, 'postgres 15')));
		} finally {
			await cluster.stop();
		}
		return rows;
	}
};
