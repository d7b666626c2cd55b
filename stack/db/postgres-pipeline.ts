// Auto-commit batches over a few pipelined connections. A batch ends with its own Sync, so it stays
// its own implicit transaction, but the next batch need not wait for its ReadyForQuery: under load
// several travel back to back on one connection, in one write, and their answers come back in one
// read, which saves the wake-ups of a round trip per batch on both sides. Each batch gets its results
// at its own ReadyForQuery; an error fails only its batch (the server skips to that batch's Sync); a
// lost connection fails the batches in flight on it. Transactions keep exclusive pooled connections.
// A lane holds a few batches at most: one slow batch delays only those behind it on its lane, and
// batches beyond what the lanes hold wait for the first free place, as they would for a pooled
// connection.
import pg from 'pg';
import { runBatch } from './postgres-batch';
import type { QueryResult, Statement } from './types';

interface Lane {
	client: Promise<pg.Client>;
	inFlight: number;
}

export class Pipeline {
	readonly #lanes: (Lane | undefined)[];
	readonly #flushing = new Set<pg.Client>();
	readonly #waiting: ((lane: Lane) => void)[] = [];

	constructor(
		private readonly connectionString: string,
		private readonly types: pg.CustomTypesConfig,
		lanes: number,
		private readonly depth: number
	) {
		this.#lanes = Array.from({ length: lanes }, () => undefined);
	}

	async batch(statements: Statement[]): Promise<QueryResult[]> {
		const lane = this.#take() ?? (await new Promise<Lane>((take) => this.#waiting.push(take)));
		try {
			const client = await lane.client;
			this.#holdWrites(client);
			return await runBatch(client, statements);
		} finally {
			lane.inFlight--;
			if (this.#waiting.length > 0) {
				const next = this.#take();
				if (next) this.#waiting.shift()?.(next);
			}
		}
	}

	async close(): Promise<void> {
		const lanes = this.#lanes.splice(0);
		await Promise.all(
			lanes.map((lane) => lane?.client.then((client) => client.end()).catch(() => {}))
		);
	}

	/** A place on a lane, counted as taken; none when every lane is full. */
	#take(): Lane | undefined {
		const lane = this.#pick();
		if (lane) lane.inFlight++;
		return lane;
	}

	/**
	 * The lane with the fewest batches in flight, if it has room; an empty slot is connected when no
	 * lane is idle. None when every lane is full.
	 */
	#pick(): Lane | undefined {
		let best: Lane | undefined;
		let free = -1;
		for (let i = 0; i < this.#lanes.length; i++) {
			const lane = this.#lanes[i];
			if (lane === undefined) free = free < 0 ? i : free;
			else if (best === undefined || lane.inFlight < best.inFlight) best = lane;
		}
		if (best !== undefined && (best.inFlight === 0 || free < 0))
			return best.inFlight < this.depth ? best : undefined;
		return this.#open(free);
	}

	#open(slot: number): Lane {
		const client = new pg.Client({
			connectionString: this.connectionString,
			types: this.types,
			pipeline: true
		} as pg.ClientConfig);
		const lane: Lane = { client: client.connect().then(() => client), inFlight: 0 };
		// A lost connection leaves its slot, so the next batch opens another; pg has already failed the
		// batches it held.
		const leave = () => {
			if (this.#lanes[slot] === lane) this.#lanes[slot] = undefined;
		};
		client.on('error', leave);
		client.on('end', leave);
		lane.client.catch(leave);
		this.#lanes[slot] = lane;
		return lane;
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
