// Both ends of "Support is typing…" on a ticket's typing topic: an agent tab says so while its
// agent writes a public reply (renewed as they go, withdrawn when they stop, send or turn to a
// note), and the customer's page believes it until told otherwise or until it goes stale.
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
	/** The ticket this tab last said it is typing on, and when; null while it says nothing. */
	#saying: { ticketId: number; at: number } | null = null;

	constructor(hub: RealtimeHub, now: () => number = Date.now) {
		this.#hub = hub;
		this.#now = now;
	}

	/** Holds the ticket's typing topic open (from an effect); letting go withdraws the signal. */
	hold(ticketId: number): () => void {
		const release = this.#hub.acquire(typingFeed(ticketId));
		return () => {
			if (this.#saying?.ticketId === ticketId) this.stop();
			release();
		};
	}

	/** The agent wrote in the composer (a reply or a note), or stopped writing (null). */
	update(ticketId: number, writing: 'reply' | 'note' | null): void {
		const saying = this.#saying;
		if (saying && (saying.ticketId !== ticketId || writing !== 'reply')) this.stop();
		if (writing !== 'reply') return;
		const now = this.#now();
		if (this.#saying && now - this.#saying.at < typingRenewMs) return;
		if (this.#hub.broadcast(`typing:${ticketId}`, typingEvent, { typing: true })) {
			this.#saying = { ticketId, at: now };
		}
	}

	/** Withdraws what this tab said, if anything. */
	stop(): void {
		if (!this.#saying) return;
		this.#hub.broadcast(`typing:${this.#saying.ticketId}`, typingEvent, { typing: false });
		this.#saying = null;
	}
}

/** The customer side: whether support is writing a reply on a ticket. Reading `current` listens. */
export class TypingListener {
	#typing = $state(false);
	#stale: ReturnType<typeof setTimeout> | undefined;
	readonly #subscribe: () => void;

	readonly #hub: RealtimeHub;
	readonly #ticketId: number;

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
		const release = this.#hub.acquire(typingFeed(this.#ticketId, (typing) => this.#heard(typing)));
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
