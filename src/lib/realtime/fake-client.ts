// A scripted stand-in for the Supabase client in the realtime store's tests: it records what the
// store asks for and lets a test play the server's side (join replies, changes, closes, refreshes).
import type {
	BroadcastPayload,
	Change,
	ChangeFilter,
	ChannelLike,
	ChannelOptions,
	PresenceMeta,
	PresenceState,
	RealtimeClient,
	Session,
	SubscribeState
} from './types';

export class FakeChannel implements ChannelLike {
	readonly filters: ChangeFilter[] = [];
	removed = false;
	#changeListeners: ((change: Change) => void)[] = [];
	#presenceListeners: ((state: PresenceState) => void)[] = [];
	#broadcastListeners: { event: string; listener: (payload: BroadcastPayload) => void }[] = [];
	/** What the tab broadcast on the channel, in order. */
	readonly sent: { event: string; payload: BroadcastPayload }[] = [];
	#stateListener: ((state: SubscribeState) => void) | undefined;
	/** The token the socket held when this channel asked to join. */
	joinedWith: string | undefined;
	/** What this tab tracks on the channel's presence (null: nothing). */
	tracked: PresenceMeta | null = null;

	constructor(
		readonly topic: string,
		private readonly client: FakeRealtimeClient,
		readonly options: ChannelOptions = {}
	) {}

	onPresence(listener: (state: PresenceState) => void): void {
		this.#presenceListeners.push(listener);
	}

	async track(meta: PresenceMeta): Promise<void> {
		this.tracked = meta;
	}

	async untrack(): Promise<void> {
		this.tracked = null;
	}

	/** The server syncs the channel's presence state. */
	sync(state: PresenceState): void {
		for (const listener of this.#presenceListeners) listener(state);
	}

	onBroadcast(event: string, listener: (payload: BroadcastPayload) => void): void {
		this.#broadcastListeners.push({ event, listener });
	}

	async send(event: string, payload: BroadcastPayload): Promise<void> {
		this.sent.push({ event, payload });
	}

	/** The server delivers a broadcast on the channel. */
	broadcast(event: string, payload: BroadcastPayload): void {
		for (const bound of this.#broadcastListeners)
			if (bound.event === event) bound.listener(payload);
	}

	onChange(filter: ChangeFilter, listener: (change: Change) => void): void {
		this.filters.push(filter);
		this.#changeListeners.push(listener);
	}

	subscribe(listener: (state: SubscribeState) => void): void {
		this.joinedWith = this.client.socketToken;
		this.#stateListener = listener;
	}

	/** The server (or the client library) reports a state for this channel. */
	report(state: SubscribeState): void {
		this.#stateListener?.(state);
	}

	change(change: Partial<Change> = {}): void {
		const full: Change = { eventType: 'UPDATE', table: 'tickets', new: {}, old: {}, ...change };
		for (const listener of this.#changeListeners) listener(full);
	}
}

export class FakeRealtimeClient implements RealtimeClient {
	readonly channels: FakeChannel[] = [];
	readonly setAuthCalls: string[] = [];
	socketToken: string | undefined;
	session: Session | null = { access_token: 'token-1' };
	/** When set, the next getSession() "refreshes" to this token, as auth-js does for an expired one. */
	refreshTo: string | undefined;
	#authListeners: ((event: string, session: Session | null) => void)[] = [];

	channel(topic: string, options?: ChannelOptions): FakeChannel {
		const channel = new FakeChannel(topic, this, options);
		this.channels.push(channel);
		return channel;
	}

	async removeChannel(channel: ChannelLike): Promise<void> {
		if (channel instanceof FakeChannel) channel.removed = true;
	}

	async setAuth(token: string): Promise<void> {
		this.setAuthCalls.push(token);
		this.socketToken = token;
	}

	async getSession(): Promise<Session | null> {
		if (this.refreshTo) {
			this.session = { access_token: this.refreshTo };
			this.refreshTo = undefined;
		}
		return this.session;
	}

	onAuthChange(listener: (event: string, session: Session | null) => void): () => void {
		this.#authListeners.push(listener);
		return () => {
			this.#authListeners = this.#authListeners.filter((l) => l !== listener);
		};
	}

	/** auth-js announces an event, e.g. TOKEN_REFRESHED from its background refresh. */
	announce(event: string, session: Session | null): void {
		this.session = session;
		for (const listener of this.#authListeners) listener(event, session);
	}

	/** The channels still open for a topic. */
	open(topic: string): FakeChannel[] {
		return this.channels.filter((c) => c.topic === topic && !c.removed);
	}
}
