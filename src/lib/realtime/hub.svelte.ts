// The tab's realtime store: owns each topic once on the tab's one client (so one socket), counts the
// readers of every topic (each with its own change and subscribe callbacks), keeps the socket's token
// fresh, reloads what a feed shows after every (re)subscribe, because Supabase does not replay
// changes missed while a channel was away, and keeps each presence topic's state and what this tab
// tracks on it.
import { SvelteMap } from 'svelte/reactivity';
import { Feed } from './feed.svelte';
import { connectionStatus, offlineAfterMs, type TopicState } from './status';
import type {
	BroadcastPayload,
	Change,
	ChannelLike,
	ConnectionStatus,
	FeedSpec,
	PresenceMeta,
	PresenceState,
	RealtimeClient,
	SubscribeState
} from './types';

export type Invalidate = (dependency: string) => unknown;

/** The `depends()` key of the page loads that show a feed. */
export const feedDependency = (topic: string) => `supabase:db:${topic}`;

export interface HubOptions {
	/** SvelteKit's `invalidate`, or a recorder in tests. */
	invalidate: Invalidate;
	/** Milliseconds before re-creating a channel the server closed, by consecutive failure. */
	retryDelay?: (failures: number) => number;
	/** Milliseconds a lost connection reads "reconnecting" before it reads "offline". */
	offlineAfter?: number;
}

const defaultRetryDelay = (failures: number) => [1000, 2000, 5000][failures - 1] ?? 10_000;

class Topic {
	/** One entry per holder: the same spec may be held twice. */
	readers: { spec: FeedSpec }[] = [];
	channel: ChannelLike | undefined;
	state: TopicState = $state('joining');
	/** When the last change arrived (epoch ms), for the diagnostics page. */
	lastEventAt: number | undefined = $state();
	presence: PresenceState = $state({});
	/** What this tab tracks on the topic's presence, sent again after every (re)join. */
	tracked: PresenceMeta | null = null;
	failures = 0;
	retry: ReturnType<typeof setTimeout> | undefined;
	constructor(readonly spec: FeedSpec) {}

	/** Whether any holder wants its pages reloaded on changes and (re)subscribes. */
	get invalidates(): boolean {
		return this.readers.some(({ spec }) => spec.invalidates !== false);
	}

	/** Whether any holder wants its pages reloaded on this change. */
	invalidatesOn(change: Change): boolean {
		return this.readers.some(
			({ spec }) => spec.invalidates !== false && (spec.invalidatesOn?.(change) ?? true)
		);
	}
}

export class RealtimeHub {
	readonly #client: RealtimeClient | null;
	readonly #invalidate: Invalidate;
	readonly #retryDelay: (failures: number) => number;
	readonly #topics = new SvelteMap<string, Topic>();
	/** Channels being let go: a topic opened again waits for them, or the client would hand it back. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping that nothing renders
	readonly #leaving = new Map<string, Promise<unknown>>();
	readonly #offlineAfter: number;
	#online = $state(true);
	#wasLive = $state(false);
	/** Some topic has been failing to (re)join for `#offlineAfter`: the socket is down, not blinking. */
	#lostLong = $state(false);
	#lostTimer: ReturnType<typeof setTimeout> | undefined;
	#authorizing: Promise<void> | undefined;
	#stopAuth: (() => void) | undefined;

	/** `client` is null during server rendering: the store then holds nothing and stays `connecting`. */
	constructor(client: RealtimeClient | null, options: HubOptions) {
		this.#client = client;
		this.#invalidate = options.invalidate;
		this.#retryDelay = options.retryDelay ?? defaultRetryDelay;
		this.#offlineAfter = options.offlineAfter ?? offlineAfterMs;
		this.#stopAuth = client?.onAuthChange((event, session) => {
			if (session && (event === 'TOKEN_REFRESHED' || event === 'SIGNED_IN')) {
				void client.setAuth(session.access_token);
			}
		});
	}

	get status(): ConnectionStatus {
		const states = [...this.#topics.values()].map((topic) => topic.state);
		return connectionStatus(this.#online, this.#wasLive, states, this.#lostLong);
	}

	/** How the topic stands, or undefined when nobody reads it. */
	topicState(topic: string): TopicState | undefined {
		return this.#topics.get(topic)?.state;
	}

	/** Every open topic with its state, readers and last change: what the diagnostics page lists. */
	get topics(): { topic: string; state: TopicState; readers: number; lastEventAt?: number }[] {
		return [...this.#topics.values()].map(({ spec, state, readers, lastEventAt }) => ({
			topic: spec.topic,
			state,
			readers: readers.length,
			lastEventAt
		}));
	}

	/** How many readers hold a topic open. */
	readers(topic: string): number {
		return this.#topics.get(topic)?.readers.length ?? 0;
	}

	/** Who is on a presence topic (undefined while nobody holds it). */
	presence(topic: string): PresenceState | undefined {
		return this.#topics.get(topic)?.presence;
	}

	/**
	 * Says what this tab is (a meta) on a held presence topic, or takes it back (null); `unless`
	 * leaves a newer meta alone, so a page that goes away cannot clear what the next page said.
	 */
	track(topic: string, meta: PresenceMeta | null, unless?: (current: PresenceMeta) => boolean) {
		const held = this.#topics.get(topic);
		if (!held || (held.tracked && unless?.(held.tracked))) return;
		held.tracked = meta;
		if (held.state !== 'joined' || !held.channel) return;
		void (meta ? held.channel.track(meta) : held.channel.untrack()).catch(() => {});
	}

	/**
	 * Broadcasts on a held, joined topic; says whether it went out. Nothing is queued: what a
	 * broadcast says is only true now.
	 */
	broadcast(topic: string, event: string, payload: BroadcastPayload): boolean {
		const held = this.#topics.get(topic);
		if (held?.state !== 'joined' || !held.channel) return false;
		void held.channel.send(event, payload).catch(() => {});
		return true;
	}

	/** A reader for a feed: reading its `current` in an effect or template keeps the topic open. */
	feed(spec: FeedSpec): Feed {
		return new Feed(this, spec);
	}

	/** Holds a topic open until the returned function is called; the first holder opens it. */
	acquire(spec: FeedSpec): () => void {
		const client = this.#client;
		if (!client) return () => {};
		let topic = this.#topics.get(spec.topic);
		if (!topic) {
			topic = new Topic(spec);
			this.#topics.set(spec.topic, topic);
			void this.#join(client, topic);
		}
		const reader = { spec };
		topic.readers.push(reader);
		const held = topic;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.#release(client, held, reader);
		};
	}

	/**
	 * The tab woke up or the network came back: refresh the token first (it may have expired while
	 * timers slept), then retry at once whatever was lost instead of waiting out the back-off.
	 */
	wake(online: boolean): void {
		this.#online = online;
		const client = this.#client;
		if (!online || !client) return;
		void this.#authorize(client).then(() => {
			for (const topic of this.#topics.values()) {
				if (topic.state === 'retrying' && topic.retry !== undefined) {
					clearTimeout(topic.retry);
					void this.#rejoin(client, topic);
				}
			}
		});
	}

	destroy(): void {
		this.#stopAuth?.();
		clearTimeout(this.#lostTimer);
		for (const topic of this.#topics.values()) {
			clearTimeout(topic.retry);
			if (topic.channel) void this.#client?.removeChannel(topic.channel);
		}
		this.#topics.clear();
	}

	/** Hands the current access token to the socket; one refresh at a time. */
	#authorize(client: RealtimeClient): Promise<void> {
		this.#authorizing ??= (async () => {
			try {
				const session = await client.getSession();
				if (session) await client.setAuth(session.access_token);
			} catch {
				// The auth server is out of reach: the join goes ahead with the token the socket has, and
				// a refused join comes back here through the retry path.
			} finally {
				this.#authorizing = undefined;
			}
		})();
		return this.#authorizing;
	}

	async #join(client: RealtimeClient, topic: Topic): Promise<void> {
		await this.#leaving.get(topic.spec.topic);
		await this.#authorize(client);
		if (this.#topics.get(topic.spec.topic) !== topic) return;
		const { private: isPrivate, presenceKey } = topic.spec;
		const channel = client.channel(topic.spec.topic, { private: isPrivate, presenceKey });
		topic.channel = channel;
		for (const filter of topic.spec.changes) {
			channel.onChange(filter, (change) => this.#onChange(topic, channel, change));
		}
		for (const event of topic.spec.broadcasts ?? []) {
			channel.onBroadcast(event, (payload) => {
				if (topic.channel !== channel) return;
				for (const { spec } of topic.readers) spec.onBroadcast?.(event, payload);
			});
		}
		if (presenceKey) {
			channel.onPresence((state) => {
				if (topic.channel === channel) topic.presence = state;
			});
		}
		channel.subscribe((state) => this.#onState(client, topic, channel, state));
	}

	#onChange(topic: Topic, channel: ChannelLike, change: Change): void {
		if (topic.channel !== channel) return;
		topic.lastEventAt = Date.now();
		if (topic.invalidatesOn(change)) void this.#invalidate(feedDependency(topic.spec.topic));
		for (const { spec } of topic.readers) spec.onChange?.(change);
	}

	#onState(client: RealtimeClient, topic: Topic, channel: ChannelLike, state: SubscribeState) {
		// A channel this store already let go of still reports its closing; that is not news.
		if (topic.channel !== channel) return;
		if (state === 'SUBSCRIBED') {
			topic.state = 'joined';
			topic.failures = 0;
			this.#wasLive = true;
			// A join went through, so the socket is back: any topic still rejoining starts a new count.
			this.#watchLoss(true);
			if (topic.invalidates) void this.#invalidate(feedDependency(topic.spec.topic));
			for (const { spec } of topic.readers) spec.onSubscribed?.();
			if (topic.tracked) void channel.track(topic.tracked).catch(() => {});
			return;
		}
		topic.state = 'retrying';
		topic.failures += 1;
		this.#watchLoss(false);
		if (state === 'CLOSED') {
			// The server closed the channel (an expired token, say): the client will not rejoin it.
			clearTimeout(topic.retry);
			topic.retry = setTimeout(
				() => void this.#rejoin(client, topic),
				this.#retryDelay(topic.failures)
			);
		} else {
			// The client rejoins errored and timed-out channels by itself once the socket is back;
			// it must do so with a token that is still valid.
			void this.#authorize(client);
		}
	}

	async #rejoin(client: RealtimeClient, topic: Topic): Promise<void> {
		topic.retry = undefined;
		if (this.#topics.get(topic.spec.topic) !== topic) return;
		this.#letGo(client, topic);
		await this.#join(client, topic);
	}

	#release(client: RealtimeClient, topic: Topic, reader: { spec: FeedSpec }): void {
		topic.readers = topic.readers.filter((held) => held !== reader);
		if (topic.readers.length > 0) return;
		this.#topics.delete(topic.spec.topic);
		clearTimeout(topic.retry);
		this.#letGo(client, topic);
		this.#watchLoss(false);
	}

	/**
	 * Starts counting towards "offline" when a topic is lost, stops when none is; `reset` (a join
	 * went through) starts the count again for the topics still lost.
	 */
	#watchLoss(reset: boolean): void {
		const lost = [...this.#topics.values()].some((topic) => topic.state === 'retrying');
		if (reset || !lost) {
			clearTimeout(this.#lostTimer);
			this.#lostTimer = undefined;
			this.#lostLong = false;
		}
		if (lost && this.#lostTimer === undefined && !this.#lostLong) {
			this.#lostTimer = setTimeout(() => {
				this.#lostTimer = undefined;
				this.#lostLong = true;
			}, this.#offlineAfter);
		}
	}

	#letGo(client: RealtimeClient, topic: Topic): void {
		const channel = topic.channel;
		topic.channel = undefined;
		if (!channel) return;
		const name = topic.spec.topic;
		const leaving = client
			.removeChannel(channel)
			.catch(() => {})
			.finally(() => {
				if (this.#leaving.get(name) === leaving) this.#leaving.delete(name);
			});
		this.#leaving.set(name, leaving);
	}
}
