// kill -9 of the stack in the middle of a burst of writes from two clients, on a PGlite data folder
// and on PostgreSQL: after it starts again on the same data, every write it acknowledged is there,
// exactly once, and a realtime client that was listening reconnects by itself, catches up by
// reading again (Supabase does not replay missed changes) and hears new changes live.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port.js';
import { demo, demoPassword } from '../db/support/demo';
import { freshPostgresDatabase } from '../support/stack';
import { report } from './support/report';
import {
	startStackProcess,
	type StackProcess,
	type StackProcessOptions
} from './support/stack-process';

/** Acknowledged writes each client reaches before the stack is killed. */
const acknowledgedBeforeKill = 20;

async function signedIn(stack: StackProcess, email: string): Promise<SupabaseClient> {
	const client = stack.client();
	const { error } = await client.auth.signInWithPassword({ email, password: demoPassword });
	if (error) throw error;
	return client;
}

/** One client writing as fast as it can: every write it was told succeeded, and how many it tried. */
class Writer {
	acknowledged: string[] = [];
	attempts = 0;
	failuresAfterKill = 0;
	#done: Promise<void> | undefined;

	constructor(
		readonly prefix: string,
		readonly write: (marker: string) => Promise<boolean>
	) {}

	start(killed: () => boolean, onAcknowledged: () => void): void {
		this.#done = (async () => {
			// Writes until the stack is gone and a write has failed since, so none is left in flight.
			while (!(killed() && this.failuresAfterKill > 0)) {
				const marker = `${this.prefix}-${this.attempts}`;
				this.attempts += 1;
				const wasKilled = killed();
				const ok = await this.write(marker).catch(() => false);
				if (ok) {
					this.acknowledged.push(marker);
					onAcknowledged();
				} else if (wasKilled || killed()) {
					this.failuresAfterKill += 1;
				}
			}
		})();
	}

	finished(): Promise<void> {
		return this.#done ?? Promise.resolve();
	}
}

/** A channel's states as supabase-js reports them, and a way to await the next one. */
function watchInserts(client: SupabaseClient, topic: string) {
	const states: string[] = [];
	const subjects: string[] = [];
	const listeners = new Set<() => void>();
	const notify = () => listeners.forEach((listener) => listener());
	const channel: RealtimeChannel = client
		.channel(topic)
		.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'tickets' }, (payload) => {
			subjects.push(String((payload.new as { subject: string }).subject));
			notify();
		})
		.subscribe((state) => {
			states.push(state);
			notify();
		});
	const until = (check: () => boolean, what: string, ms = 300_000) =>
		new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
			const listener = () => {
				if (!check()) return;
				clearTimeout(timer);
				listeners.delete(listener);
				resolve();
			};
			listeners.add(listener);
			listener();
		});
	return { channel, states, subjects, until };
}

async function crashDuringBurst(label: string, options: Omit<StackProcessOptions, 'port'>) {
	const port = await freePort();
	const run = `crash-${randomUUID().slice(0, 8)}`;
	let stack = await startStackProcess({ ...options, port });
	try {
		const customer = await signedIn(stack, demo.client.email);
		const agent = await signedIn(stack, demo.agent.email);
		const watcher = await signedIn(stack, demo.agent2.email);
		const watch = watchInserts(watcher, `tickets-${run}`);
		await watch.until(() => watch.states.includes('SUBSCRIBED'), 'the first join');

		const { data: ticket, error } = await customer
			.from('tickets')
			.insert({ subject: `${run} thread`, description: 'Notes pile up here.' })
			.select('id')
			.single();
		expect(error).toBeNull();

		const writers = [
			new Writer(`${run}-ticket`, async (marker) => {
				const result = await customer
					.from('tickets')
					.insert({ subject: marker, description: 'Written in a burst.' })
					.select('id')
					.single();
				return result.error === null;
			}),
			new Writer(`${run}-note`, async (marker) => {
				const result = await agent
					.from('ticket_activities')
					.insert({
						ticket_id: ticket!.id,
						author_id: demo.agent.id,
						kind: 'note',
						body: marker,
						is_internal: true
					})
					.select('id')
					.single();
				return result.error === null;
			})
		];
		let killed = false;
		let kill!: () => void;
		const enough = new Promise<void>((resolve) => (kill = resolve));
		for (const writer of writers)
			writer.start(
				() => killed,
				() => {
					if (writers.every((w) => w.acknowledged.length >= acknowledgedBeforeKill)) kill();
				}
			);
		await enough;
		// Counted before the kill: the listener may rejoin as soon as the new stack listens, before
		// the reads below are done (a count taken after them then waited for a second rejoin).
		const joinsBefore = watch.states.filter((state) => state === 'SUBSCRIBED').length;
		stack.child.kill('SIGKILL');
		killed = true;
		await stack.exited;
		await Promise.all(writers.map((writer) => writer.finished()));

		stack = await startStackProcess({ ...options, port });
		const service = stack.client(stack.serviceRole);
		const { data: tickets } = await service
			.from('tickets')
			.select('subject')
			.like('subject', `${run}-ticket-%`);
		const { data: notes } = await service
			.from('ticket_activities')
			.select('body')
			.like('body', `${run}-note-%`);
		const stored = [...tickets!.map((t) => t.subject), ...notes!.map((n) => n.body as string)];
		const acked = writers.flatMap((writer) => writer.acknowledged);
		const lost = acked.filter((marker) => !stored.includes(marker));
		const duplicates = stored.filter((marker, index) => stored.indexOf(marker) !== index);

		// The listener comes back by itself, reads again, and hears what is written from now on.
		await watch.until(
			() => watch.states.filter((state) => state === 'SUBSCRIBED').length > joinsBefore,
			'the rejoin after the restart'
		);
		const { data: caughtUp } = await watcher
			.from('tickets')
			.select('subject')
			.like('subject', `${run}-ticket-%`);
		const missedByWatcher = acked
			.filter((marker) => marker.includes('-ticket-'))
			.filter((marker) => !caughtUp!.some((t) => t.subject === marker));
		const after = `${run} after the restart`;
		await customer.from('tickets').insert({ subject: after, description: 'Live again?' });
		await watch.until(() => watch.subjects.includes(after), 'a live change after the restart');

		report(`kill -9 during a write burst (${label})`, {
			attempts: writers.reduce((sum, writer) => sum + writer.attempts, 0),
			acknowledged: acked.length,
			ticketsAcknowledged: writers[0].acknowledged.length,
			notesAcknowledged: writers[1].acknowledged.length,
			lost: lost.length,
			duplicates: duplicates.length,
			stored: stored.length,
			missedAfterCatchUp: missedByWatcher.length
		});
		for (const writer of writers)
			expect(writer.acknowledged.length).toBeGreaterThanOrEqual(acknowledgedBeforeKill);
		expect(lost).toEqual([]);
		expect(duplicates).toEqual([]);
		expect(missedByWatcher).toEqual([]);
		for (const client of [customer, agent, watcher]) await client.removeAllChannels();
	} finally {
		await stack.stop();
	}
}

describe('a stack killed in the middle of a write burst', () => {
	it('keeps every acknowledged write on a PGlite data folder, exactly once', async () => {
		const data = await mkdtemp(join(tmpdir(), 'autocrm-crash-'));
		try {
			await crashDuringBurst('PGlite data folder', { data });
		} finally {
			await rm(data, { recursive: true, force: true });
		}
	});

	it.skipIf(!process.env.TEST_DATABASE_URL)(
		'keeps every acknowledged write on PostgreSQL, exactly once',
		async () => {
			const data = await mkdtemp(join(tmpdir(), 'autocrm-crash-'));
			const database = await freshPostgresDatabase();
			try {
				await crashDuringBurst('PostgreSQL', { data, databaseUrl: database.url });
			} finally {
				await database.drop();
				await rm(data, { recursive: true, force: true });
			}
		}
	);
});
