// Both ends of "Support is typing…" on a ticket's typing topic: an agent tab says so while its
// agent writes a public reply (renewed as they go, withdrawn when they stop, send or turn to a
// note), and the customer's page believes it until told otherwise or until it goes stale.
import { untrack } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import { typingEvent, typingFeed } from './feeds';
import type { RealtimeHub } from './hub.svelte';

/** How often a tab still typing says so again, so a customer who arrives late hears it. */
export const typingRenewMs = 2500;
/** How long the customer's page believes it unheard: a tab closed mid-reply never says stop. */
export const typingStaleMs = 7000;

/** The staff side: what one agent tab tells a ticket's customer while the agent writes. */
export class TypingSignal {
	readonly #hub: RealtimeHub;
	readonly #now: () => number;
	/** The ticket the agent is writing a public reply on, as the composer last said. */
	#writing: number | null = null;
	/** When this tab last said so on the topic; null while it has not (yet) or took it back. */
	#saidAt: number | null = null;

	constructor(hub: RealtimeHub, now: () => number = Date.now) {
		this.#hub = hub;
		this.#now = now;
	}

	/**
	 * Holds the ticket's typing topic open (from an effect, which the store's own state does not
	 * become a dependency of). Every (re)join says it again if the agent is writing; letting go
	 * withdraws it.
	 */
	hold(ticketId: number): () => void {
		const feed = typingFeed(ticketId, {
			onSubscribed: () => {
				if (this.#writing === ticketId) this.#say();
			}
		});
		const release = untrack(() => this.#hub.acquire(feed));
		return () => {
			if (this.#writing === ticketId) this.stop();
			release();
		};
	}

	/** The agent wrote in the composer (a reply or a note), or stopped writing (null). */
	update(ticketId: number, writing: 'reply' | 'note' | null): void {
		if (this.#writing !== null && (this.#writing !== ticketId || writing !== 'reply')) this.stop();
		if (writing !== 'reply') return;
		this.#writing = ticketId;
		if (this.#saidAt === null || this.#now() - this.#saidAt >= typingRenewMs) this.#say();
	}

	/** Withdraws what this tab said, if anything. */
	stop(): void {
		if (this.#writing !== null && this.#saidAt !== null) {
			this.#hub.broadcast(`typing:${this.#writing}`, typingEvent, { typing: false });
		}
		this.#writing = null;
		this.#saidAt = null;
	}

	#say(): void {
		if (this.#writing === null) return;
		if (this.#hub.broadcast(`typing:${this.#writing}`, typingEvent, { typing: true })) {
			this.#saidAt = this.#now();
		}
	}
}

/** The customer side: whether support is writing a reply on a ticket. Reading `current` listens. */
export class TypingListener {
	readonly #hub: RealtimeHub;
	readonly #ticketId: number;
	readonly #subscribe: () => void;
	#typing = $state(false);
	#stale: ReturnType<typeof setTimeout> | undefined;

	constructor(hub: RealtimeHub, ticketId: number) {
		this.#hub = hub;
		this.#ticketId = ticketId;
		this.#subscribe = createSubscriber(() => this.listen());
	}

	get current(): boolean {
		this.#subscribe();
		return this.#typing;
	}

	/** Listens until the returned function is called: what reading `current` in an effect does. */
	listen(): () => void {
		const release = this.#hub.acquire(
			typingFeed(this.#ticketId, { onTyping: (typing) => this.#heard(typing) })
		);
		return () => {
			release();
			clearTimeout(this.#stale);
			this.#typing = false;
		};
	}

	#heard(typing: boolean): void {
		clearTimeout(this.#stale);
		this.#typing = typing;
		if (typing) this.#stale = setTimeout(() => (this.#typing = false), typingStaleMs);
	}
}
