// postgres_changes: capture in the writing transaction (capture.sql), a feed of committed
// transactions, and delivery checked per subscriber as Supabase's walrus checks it (authorize.sql).
import type { Database } from '../../db';
import { createDispatcher } from './dispatch';
import { startFeed } from './feed';
import {
	resolveBindings,
	SubscriptionRegistry,
	type Subscriber,
	type Subscription
} from './subscriptions';

import { TableShapes } from './table-shapes';

export { bindingId, type EncodeOnce, type Subscriber, type Subscription } from './subscriptions';

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

export async function startChanges(db: Database, log: (line: string) => void): Promise<Changes> {
	const registry = new SubscriptionRegistry();
	const shapes = new TableShapes(db);
	const stopForgetting = await db.listen('_stack_realtime_ddl', () => shapes.forget());
	const feed = await startFeed(
		db,
		{ wanted: () => !registry.empty, deliver: createDispatcher(db, registry, shapes) },
		log
	);
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
