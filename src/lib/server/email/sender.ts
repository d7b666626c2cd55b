// Delivers the email outbox. It claims a batch of due rows (which marks them as being sent, so no
// other sender takes them and none goes out twice), sends them over SMTP a few at a time, and
// settles each result soon after: sent, tried again later, or failed. Stopping lets what is in
// flight finish and gives back what was not started. If the process dies instead, the rows it was
// sending stay claimed until their lease runs out and are then settled as failed, never sent again.
import {
	defaultRetryPolicy,
	settleFailure,
	type RetryPolicy,
	type Settlement
} from './delivery-outcome';
import type { EmailMessage, OutboxEmail } from './templates';

export interface ClaimedEmail extends OutboxEmail {
	/** Tries so far, this one included. */
	attempts: number;
}

/** The outbox as the sender sees it (the database's claim and settle functions). */
export interface Outbox {
	claim(batchSize: number, leaseSeconds: number): Promise<ClaimedEmail[]>;
	settle(results: Settlement[]): Promise<void>;
}

export interface EmailTransport {
	send(message: EmailMessage): Promise<{ messageId?: string }>;
	close(): void;
}

export interface SenderOptions {
	outbox: Outbox;
	transport: EmailTransport;
	render: (email: OutboxEmail) => EmailMessage;
	/** Rows claimed at once (default 50). */
	batchSize?: number;
	/** Messages in flight at once (default 5, as many as the transport's connections). */
	concurrency?: number;
	/** How long a claim lasts (default 120 s), far longer than one send may take. */
	leaseSeconds?: number;
	/** Results settled together (default 10): what a crash can leave unsettled. */
	settleEvery?: number;
	/** The pause when nothing is due (default 1 s). */
	idleMs?: number;
	/** The pause after the outbox itself could not be reached (default 5 s). */
	errorMs?: number;
	retry?: RetryPolicy;
	random?: () => number;
	log?: (line: string) => void;
}

export class OutboxSender {
	readonly #outbox: Outbox;
	readonly #transport: EmailTransport;
	readonly #render: (email: OutboxEmail) => EmailMessage;
	readonly #batchSize: number;
	readonly #concurrency: number;
	readonly #leaseSeconds: number;
	readonly #settleEvery: number;
	readonly #idleMs: number;
	readonly #errorMs: number;
	readonly #retry: RetryPolicy;
	readonly #random: () => number;
	readonly #log: (line: string) => void;
	#running: Promise<void> | undefined;
	#stopping = false;
	#wake: (() => void) | undefined;
	/** Settling is one request at a time, in order. */
	#settling: Promise<void> = Promise.resolve();

	constructor(options: SenderOptions) {
		this.#outbox = options.outbox;
		this.#transport = options.transport;
		this.#render = options.render;
		this.#batchSize = options.batchSize ?? 50;
		this.#concurrency = options.concurrency ?? 5;
		this.#leaseSeconds = options.leaseSeconds ?? 120;
		this.#settleEvery = options.settleEvery ?? 10;
		this.#idleMs = options.idleMs ?? 1000;
		this.#errorMs = options.errorMs ?? 5000;
		this.#retry = options.retry ?? defaultRetryPolicy;
		this.#random = options.random ?? Math.random;
		this.#log = options.log ?? (() => {});
	}

	/** Keeps delivering until stopped. */
	start(): void {
		this.#running ??= this.#loop();
	}

	/** Lets the messages in flight finish, gives back the rest of the batch, and closes the transport. */
	async stop(): Promise<void> {
		this.#stopping = true;
		this.#wake?.();
		await this.#running;
		await this.#settling;
		this.#transport.close();
	}

	/** Wakes an idle sender at once (new rows are due). */
	nudge(): void {
		this.#wake?.();
	}

	/** Sends batch after batch until nothing is due; returns how many emails it settled. */
	async drain(): Promise<number> {
		let total = 0;
		for (;;) {
			const count = await this.sendBatch();
			if (count === 0) return total;
			total += count;
		}
	}

	/** Claims one batch and sends it; returns its size (0: nothing was due). */
	async sendBatch(): Promise<number> {
		if (this.#stopping) return 0;
		const batch = await this.#outbox.claim(this.#batchSize, this.#leaseSeconds);
		const queue = [...batch];
		const unsettled: Settlement[] = [];
		const worker = async () => {
			for (let email = queue.shift(); email; email = queue.shift()) {
				unsettled.push(
					this.#stopping ? { id: email.id, outcome: 'released' } : await this.#deliver(email)
				);
				if (unsettled.length >= this.#settleEvery) this.#settle(unsettled.splice(0));
			}
		};
		await Promise.all(Array.from({ length: Math.min(this.#concurrency, batch.length) }, worker));
		this.#settle(unsettled.splice(0));
		await this.#settling;
		return batch.length;
	}

	async #deliver(email: ClaimedEmail): Promise<Settlement> {
		let message: EmailMessage;
		try {
			message = this.#render(email);
		} catch (error) {
			return { id: email.id, outcome: 'failed', error: (error as Error).message };
		}
		try {
			const info = await this.#transport.send(message);
			return { id: email.id, outcome: 'sent', message_id: info.messageId ?? message.messageId };
		} catch (error) {
			return settleFailure(email.id, email.attempts, error, this.#retry, this.#random());
		}
	}

	/** Queues `results` to be settled after whatever is being settled now. */
	#settle(results: Settlement[]): void {
		if (results.length === 0) return;
		this.#settling = this.#settling.then(() => this.#settleWithRetries(results));
	}

	async #settleWithRetries(results: Settlement[]): Promise<void> {
		for (let attempt = 1; ; attempt += 1) {
			try {
				await this.#outbox.settle(results);
				return;
			} catch (error) {
				if (attempt >= 3) {
					// The claims lapse and are settled as failed: never a second send.
					this.#log(
						`email: could not record the outcome of ${results.length} emails: ${(error as Error).message}`
					);
					return;
				}
				await this.#pause(this.#errorMs / 5, false);
			}
		}
	}

	async #loop(): Promise<void> {
		while (!this.#stopping) {
			try {
				if ((await this.sendBatch()) === 0) await this.#pause(this.#idleMs);
			} catch (error) {
				this.#log(`email: could not reach the outbox: ${(error as Error).message}`);
				await this.#pause(this.#errorMs);
			}
		}
	}

	#pause(ms: number, wakeable = true): Promise<void> {
		return new Promise((resume) => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				resume();
			}
			if (wakeable) this.#wake = done;
		});
	}
}
