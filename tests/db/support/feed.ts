// A realtime subscriber for the matrix: one channel per signed-in client, listening to every
// postgres_changes event on the published tables, with a way to await a particular event.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';

export interface ChangeEvent {
	table: string;
	eventType: 'INSERT' | 'UPDATE' | 'DELETE';
	new: Record<string, unknown>;
	old: Record<string, unknown>;
}

type Match = (event: ChangeEvent) => boolean;

export class Feed {
	readonly events: ChangeEvent[] = [];
	#waiters: { match: Match; resolve: (event: ChangeEvent) => void }[] = [];

	private constructor(readonly channel: RealtimeChannel) {}

	/** Subscribes `client` to `tables` and resolves once Realtime confirms the subscription. */
	static async open(client: SupabaseClient, name: string, tables: string[]): Promise<Feed> {
		const channel = client.channel(name);
		const feed = new Feed(channel);
		for (const table of tables) {
			channel.on('postgres_changes', { event: '*', schema: 'public', table }, (payload) =>
				feed.#push({
					table,
					eventType: payload.eventType,
					new: payload.new as Record<string, unknown>,
					old: payload.old as Record<string, unknown>
				})
			);
		}
		await new Promise<void>((resolve, reject) => {
			channel.on('system', {}, (message: { extension?: string; status?: string }) => {
				if (message.extension === 'postgres_changes' && message.status === 'ok') resolve();
			});
			channel.subscribe((status, error) => {
				if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
					reject(error ?? new Error(`subscribing ${name}: ${status}`));
				}
			});
		});
		return feed;
	}

	#push(event: ChangeEvent) {
		this.events.push(event);
		this.#waiters = this.#waiters.filter((waiter) => {
			if (!waiter.match(event)) return true;
			waiter.resolve(event);
			return false;
		});
	}

	/** The first event (already received or still to come) that `match` accepts. */
	next(match: Match, timeoutMs = 20_000): Promise<ChangeEvent> {
		const seen = this.events.find(match);
		if (seen) return Promise.resolve(seen);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error('no matching realtime event arrived in time')),
				timeoutMs
			);
			this.#waiters.push({
				match,
				resolve: (event) => {
					clearTimeout(timer);
					resolve(event);
				}
			});
		});
	}
}
