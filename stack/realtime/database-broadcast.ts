// Broadcast from the database: each committed insert into realtime.messages (by realtime.send,
// realtime.broadcast_changes or a plain insert) goes to the channels of its topic, private or public
// as the row says, as Supabase's replication of that table sends it: the payload as a user
// broadcast, the row's id as `meta.id`. Private channels receive it when their join found broadcast
// readable. A row Supabase would drop (no topic, event, payload or private flag) is dropped.
import type { CapturedChange } from './changes';
import { hubTopicOf, type Hub } from './hub';

export function deliverDatabaseBroadcasts(
	hub: Hub,
	messages: CapturedChange[],
	log: (line: string) => void
): void {
	for (const { record } of messages) {
		if (!record) continue;
		const { id, topic, event, payload, private: isPrivate } = record;
		if (typeof topic !== 'string' || typeof event !== 'string' || typeof isPrivate !== 'boolean')
			continue;
		if (payload === null || payload === undefined) continue;
		try {
			hub.broadcast(hubTopicOf(topic, isPrivate), {
				kind: 'user',
				broadcast: {
					event,
					encoding: 'json',
					data: Buffer.from(JSON.stringify(payload)),
					meta: { id }
				}
			});
		} catch (error) {
			log(`realtime: broadcast of message ${String(id)} on ${topic} failed: ${error}`);
		}
	}
}
