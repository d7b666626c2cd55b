// The slice of a Supabase client the realtime store uses, so a test can hand it a fake.

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export type SubscribeState = 'SUBSCRIBED' | 'TIMED_OUT' | 'CLOSED' | 'CHANNEL_ERROR';

export interface ChangeFilter {
	event: '*' | 'INSERT' | 'UPDATE' | 'DELETE';
	schema: 'public';
	table: string;
	filter?: string;
}

export interface Change {
	eventType: 'INSERT' | 'UPDATE' | 'DELETE';
	table: string;
	new: Record<string, unknown>;
	old: Record<string, unknown>;
}

/** What a broadcast carries. */
export type BroadcastPayload = Record<string, unknown>;

/** What one tab says about itself on a presence channel (`track`). */
export type PresenceMeta = Record<string, string | number | boolean | null>;

/** Who is on a presence channel: each key (a person) with the metas of their tabs. */
export type PresenceState = Record<string, PresenceMeta[]>;

/** What a feature asks the store for: one topic, the table changes it shows. */
export interface FeedSpec {
	/** The channel topic; page loads that show this feed call `depends('supabase:db:<topic>')`. */
	topic: string;
	changes: ChangeFilter[];
	/**
	 * Whether the store reloads the feed's pages (`invalidate`) on every change and (re)subscribe;
	 * default true. A feed that applies changes itself (`onChange`) and catches up itself
	 * (`onSubscribed`) turns it off.
	 */
	invalidates?: boolean;
	/** Which changes reload the feed's pages, when `invalidates` (every change when absent). */
	invalidatesOn?: (change: Change) => boolean;
	/** Called for every change, after the feed's pages were asked to reload. */
	onChange?: (change: Change) => void;
	/** Called after every (re)subscribe, to catch up on what no page load shows. */
	onSubscribed?: () => void;
	/** A private channel, authorised by RLS on realtime.messages. */
	private?: boolean;
	/** Takes part in the channel's presence under this key (the signed-in person's id). */
	presenceKey?: string;
	/** The broadcast events the channel listens to; each reaches `onBroadcast`. */
	broadcasts?: string[];
	onBroadcast?: (event: string, payload: BroadcastPayload) => void;
}

export interface ChannelOptions {
	private?: boolean;
	presenceKey?: string;
}

export interface ChannelLike {
	onChange(filter: ChangeFilter, listener: (change: Change) => void): void;
	/** Calls `listener` with the whole presence state whenever it changes. */
	onPresence(listener: (state: PresenceState) => void): void;
	onBroadcast(event: string, listener: (payload: BroadcastPayload) => void): void;
	subscribe(listener: (state: SubscribeState, error?: Error) => void): void;
	/** Broadcasts on the joined channel. */
	send(event: string, payload: BroadcastPayload): Promise<unknown>;
	track(meta: PresenceMeta): Promise<unknown>;
	untrack(): Promise<unknown>;
}

export interface Session {
	access_token: string;
}

export interface RealtimeClient {
	channel(topic: string, options?: ChannelOptions): ChannelLike;
	removeChannel(channel: ChannelLike): Promise<unknown>;
	setAuth(token: string): Promise<void>;
	/** The current session, refreshed first when its access token has expired. */
	getSession(): Promise<Session | null>;
	onAuthChange(listener: (event: string, session: Session | null) => void): () => void;
}
