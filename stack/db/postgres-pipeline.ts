// Auto-commit batches over a few pipelined connections. A batch ends with its own Sync, so it stays
// its own implicit transaction, but the next batch need not wait for its ReadyForQuery: under load
// several travel back to back on one connection, in one write, and their answers come back in one
// read, which saves the wake-ups of a round trip per batch on both sides. Each batch gets its results
// at its own ReadyForQuery; an error fails only its batch (the server skips to that batch's Sync); a
// lost connection fails the batches in flight on it. Transactions keep exclusive pooled connections.
//
// The cost of pipelining is head-of-line waiting: a batch queued on a lane waits for every batch
// ahead of it, and one that waits for a lock (or runs long) may hold it up to its statement_timeout,
// where a pooled connection of its own would have answered at once. So a batch never waits for a
// lane. It takes an idle lane, else a lane whose batch at the head has been at the head for less
// than `stall` ms and that holds fewer than `depth`, else goes to the pool. A batch can then be held
// up only by one that was answering normally when it joined: after `stall` ms without an answer the
// lane takes no more, so a stuck batch holds at most `depth` - 1 that arrived within that window.
// And with as many lanes as the pool has connections, batches share a lane only when that many are
// in flight, i.e. when the pool would have made them wait too.
import pg from 'pg';
import { endsConnection, runBatch } from './postgres-batch';
import type { QueryResult, Statement } from './types';

interface Lane {
	slot: number;
	client: Promise<pg.Client>;
	/** The client once connected, so that a batch reaches it without waiting for a promise. */
	connected: pg.Client | undefined;
	inFlight: number;
	/** When the batch now at the head became the head: sent to an idle lane, or the one ahead answered. */
	headSince: number;
}

export interface PipelineOptions {
	lanes: number;
	depth: number;
	stall: number;
}

export class Pipeline {
	readonly #lanes: (Lane | undefined)[];
	readonly #flushing = new Set<pg.Client>();
	/** Batches on all lanes, sent or about to be. */
	#inFlight = 0;

	constructor(
		private readonly connectionString: string,
		private readonly types: pg.CustomTypesConfig,
		private readonly options: PipelineOptions,
		/** Where a batch goes when no lane may take it: a pooled connection of its own. */
		private readonly pooled: (statements: Statement[]) => Promise<QueryResult[]>
	) {
		this.#lanes = Array.from({ length: options.lanes }, () => undefined);
	}

	batch(statements: Statement[]): Promise<QueryResult[]> {
		const lane = this.#pick(performance.now());
		return lane ? this.#run(lane, statements) : this.pooled(statements);
	}

	async close(): Promise<void> {
		const lanes = this.#lanes.splice(0);
		await Promise.all(
			lanes.map((lane) => lane?.client.then((client) => client.end()).catch(() => {}))
		);
	}

	async #run(lane: Lane, statements: Statement[]): Promise<QueryResult[]> {
		if (lane.inFlight++ === 0) lane.headSince = performance.now();
		const alone = this.#inFlight++ === 0;
		try {
			const client = lane.connected ?? (await lane.client);
			// A batch with none other in flight (light load, one client) goes out at once: holding it
			// to the end of the turn would only delay it. Under load batches wait for the end of the
			// turn, so that those that join a lane in the same turn leave in one write.
			if (!alone) this.#holdWrites(client);
			return await runBatch(client, statements);
		} catch (error) {
			if (endsConnection(error)) this.#leave(lane);
			throw error;
		} finally {
			this.#inFlight--;
			lane.inFlight--;
			lane.headSince = performance.now();
		}
	}

	/**
	 * An idle lane; else an empty slot, connected; else the least busy lane that may take one more
	 * (see the file comment). None sends the batch to the pool.
	 */
	#pick(now: number): Lane | undefined {
		const { depth, stall } = this.options;
		let best: Lane | undefined;
		let free = -1;
		for (let i = 0; i < this.#lanes.length; i++) {
			const lane = this.#lanes[i];
			if (lane === undefined) free = free < 0 ? i : free;
			else if (lane.inFlight === 0) return lane;
			else if (
				lane.inFlight < depth &&
				now - lane.headSince < stall &&
				(best === undefined || lane.inFlight < best.inFlight)
			)
				best = lane;
		}
		return free < 0 ? best : this.#open(free);
	}

	#open(slot: number): Lane {
		const client = new pg.Client({
			connectionString: this.connectionString,
			types: this.types,
			pipeline: true
		} as pg.ClientConfig);
		const lane: Lane = {
			slot,
			client: client.connect().then(() => (lane.connected = client)),
			connected: undefined,
			inFlight: 0,
			headSince: 0
		};
		// pg has already failed the batches the lane held.
		const leave = () => this.#leave(lane);
		client.on('error', leave);
		client.on('end', leave);
		lane.client.catch(leave);
		this.#lanes[slot] = lane;
		return lane;
	}

	/** A lost connection leaves its slot, so the next batch opens another. */
	#leave(lane: Lane): void {
		if (this.#lanes[lane.slot] !== lane) return;
		this.#lanes[lane.slot] = undefined;
		lane.client.then((client) => client.end()).catch(() => {});
	}

	/**
	 * Batches submitted in the same turn of the event loop leave in one write: the socket is corked
	 * until the loop has run every callback that was ready.
	 */
	#holdWrites(client: pg.Client): void {
		if (this.#flushing.has(client)) return;
		this.#flushing.add(client);
		const { stream } = client.connection as unknown as { stream: { cork(): void; uncork(): void } };
		stream.cork();
		setImmediate(() => {
			this.#flushing.delete(client);
			stream.uncork();
		});
	}
}
