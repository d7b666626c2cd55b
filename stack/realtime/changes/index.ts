// postgres_changes: capture in the writing transaction (capture.sql), a feed of committed
// transactions taken and checked in one statement (take.ts, authorize.sql), and delivery per
// subscriber as Supabase's walrus checks it. The same capture carries inserts into
// realtime.messages, which the realtime service broadcasts.
import type { Database } from '../../db';
import { createDispatcher } from './dispatch';
import { startFeed, type CapturedChange } from './feed';
import {
	resolveBindings,
	SubscriptionRegistry,
	type Subscriber,
	type Subscription
} from './subscriptions';
import { TableShapes } from './table-shapes';
import { createTake } from './take';

export { bindingId, type EncodeOnce, type Subscriber, type Subscription } from './subscriptions';
export type { CapturedChange } from './feed';

export const schemaFiles = [
	new URL('./capture.sql', import.meta.url),
	new URL('./authorize.sql', import.meta.url)
];

export type SubscribeOutcome =
	{ ok: true; subscriptions: Subscription[] } | { ok: false; message: string };

export interface Changes {
	/** Checks a channel's bindings; nothing is delivered until the subscriptions are registered. */
	prepare(
		subscriber: Subscriber,
		bindings: Record<string, unknown>[],
		role: string
	): Promise<SubscribeOutcome>;
	register(subscriptions: Subscription[]): void;
	unregister(subscriptions: Subscription[]): void;
	close(): Promise<void>;
}

/** Where committed inserts into realtime.messages go. */
export interface MessageSink {
	/** False while no channel could receive a message. */
	wanted(): boolean;
	deliver(messages: CapturedChange[]): void;
}

export async function startChanges(
	db: Database,
	log: (line: string) => void,
	messages: MessageSink
): Promise<Changes> {
	const registry = new SubscriptionRegistry();
	const shapes = new TableShapes(db);
	const stopForgetting = await db.listen('_stack_realtime_ddl', () => shapes.forget());
	const take = createTake(db, {
		dispatcher: createDispatcher(registry, shapes),
		wanted: () => !registry.empty || messages.wanted(),
		broadcast: (captured) => messages.deliver(captured)
	});
	const feed = await startFeed(db, take, log);
	return {
		async prepare(subscriber, bindings, role) {
			const resolved = await resolveBindings(db, bindings, role);
			if (!resolved.ok) return resolved;
			return { ok: true, subscriptions: resolved.subscriptions.map((s) => ({ ...s, subscriber })) };
		},
		register: (subscriptions) => registry.add(subscriptions),
		unregister: (subscriptions) => registry.remove(subscriptions),
		async close() {
			await feed.close();
			await stopForgetting();
		}
	};
}
