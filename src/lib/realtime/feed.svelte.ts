// A reader of one feed, in the shape of svelte/reactivity's classes: the topic is held open only while
// some effect or template reads `current`, and let go when the last one stops.
import { createSubscriber } from 'svelte/reactivity';
import type { RealtimeHub } from './hub.svelte';
import type { TopicState } from './status';
import type { FeedSpec, PresenceState } from './types';

export class Feed {
	readonly #hub: RealtimeHub;
	readonly #spec: FeedSpec;
	readonly #subscribe: () => void;

	constructor(hub: RealtimeHub, spec: FeedSpec) {
		this.#hub = hub;
		this.#spec = spec;
		this.#subscribe = createSubscriber(() => hub.acquire(spec));
	}

	get topic(): string {
		return this.#spec.topic;
	}

	/** How this feed's topic stands (undefined while nothing reads it). */
	get current(): TopicState | undefined {
		this.#subscribe();
		return this.#hub.topicState(this.#spec.topic);
	}

	/** Who is on this feed's presence topic; reading it holds the topic open like `current`. */
	get presence(): PresenceState {
		this.#subscribe();
		return this.#hub.presence(this.#spec.topic) ?? {};
	}
}
