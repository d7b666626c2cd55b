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

/** What a feature asks the store for: one topic, the table changes it shows. */
export interface FeedSpec {
	/** The channel topic; page loads that show this feed call `depends('supabase:db:<topic>')`. */
	topic: string;
	changes: ChangeFilter[];
	/** Called for every change, after the feed's pages were asked to reload. */
	onChange?: (change: Change) => void;
	/** Called after every (re)subscribe, to catch up on what no page load shows. */
	onSubscribed?: () => void;
}

export interface ChannelLike {
	onChange(filter: ChangeFilter, listener: (change: Change) => void): void;
	subscribe(listener: (state: SubscribeState, error?: Error) => void): void;
}

export interface Session {
	access_token: string;
}

export interface RealtimeClient {
	channel(topic: string): ChannelLike;
	removeChannel(channel: ChannelLike): Promise<unknown>;
	setAuth(token: string): Promise<void>;
	/** The current session, refreshed first when its access token has expired. */
	getSession(): Promise<Session | null>;
	onAuthChange(listener: (event: string, session: Session | null) => void): () => void;
}
