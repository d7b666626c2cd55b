// The bell's state: my newest notifications and how many are unread, read under my own JWT (RLS
// shows each person only theirs) and re-read whenever the realtime store reports a change to them
// or has just (re)joined, since Supabase replays nothing missed while disconnected.
import type { AppSupabaseClient } from '$lib/supabase';
import type { FeedSpec } from '$lib/realtime';

/** What the bell lists, newest first. */
export const notificationsQuery = (supabase: AppSupabaseClient, recipientId: string, limit = 20) =>
	supabase
		.from('notifications')
		.select('id, kind, ticket_id, title, body, read_at, created_at')
		.eq('recipient_id', recipientId)
		.order('created_at', { ascending: false })
		.order('id', { ascending: false })
		.limit(limit);

export const unreadCountQuery = (supabase: AppSupabaseClient, recipientId: string) =>
	supabase
		.from('notifications')
		.select('id', { count: 'exact', head: true })
		.eq('recipient_id', recipientId)
		.is('read_at', null);

export type NotificationRow = NonNullable<
	Awaited<ReturnType<typeof notificationsQuery>>['data']
>[number];

export class Notifications {
	items = $state<NotificationRow[]>([]);
	unread = $state(0);
	loaded = $state(false);
	failed = $state(false);
	readonly #supabase: AppSupabaseClient;
	readonly #recipientId: string;
	/** Reads in flight are superseded by newer ones; only the latest answer is shown. */
	#generation = 0;

	constructor(supabase: AppSupabaseClient, recipientId: string) {
		this.#supabase = supabase;
		this.#recipientId = recipientId;
	}

	/** The realtime feed of my notifications: every change re-reads the bell. */
	feed(): FeedSpec {
		return {
			topic: `notifications:${this.#recipientId}`,
			changes: [
				{
					event: '*',
					schema: 'public',
					table: 'notifications',
					filter: `recipient_id=eq.${this.#recipientId}`
				}
			],
			onChange: () => void this.refresh(),
			onSubscribed: () => void this.refresh()
		};
	}

	async refresh(): Promise<void> {
		const generation = ++this.#generation;
		const [list, count] = await Promise.all([
			notificationsQuery(this.#supabase, this.#recipientId),
			unreadCountQuery(this.#supabase, this.#recipientId)
		]);
		if (generation !== this.#generation) return;
		this.failed = Boolean(list.error || count.error);
		if (list.data) this.items = list.data;
		if (count.count !== null) this.unread = count.count;
		this.loaded = true;
	}

	async markRead(id: number): Promise<void> {
		const item = this.items.find((row) => row.id === id);
		if (!item || item.read_at) return;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp string, not state
		item.read_at = new Date().toISOString();
		this.unread = Math.max(0, this.unread - 1);
		// The database stamps its own time; the realtime echo brings it back.
		const { error } = await this.#supabase
			.from('notifications')
			.update({ read_at: item.read_at })
			.eq('id', id);
		if (error) await this.refresh();
	}

	async markAllRead(): Promise<boolean> {
		const { error } = await this.#supabase.rpc('mark_all_notifications_read');
		await this.refresh();
		return !error;
	}
}
