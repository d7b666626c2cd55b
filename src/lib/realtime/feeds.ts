// The feeds the portals show, one topic each. Page loads call `depends(feedDependency(topic))`.
import type { Change, FeedSpec } from './types';

/** Every ticket the signed-in person may see (RLS decides which): queues, lists, counts. */
export const ticketsFeed = (): FeedSpec => ({
	topic: 'tickets',
	changes: [{ event: '*', schema: 'public', table: 'tickets' }]
});

/** One ticket and its conversation. */
export const ticketFeed = (id: number): FeedSpec => ({
	topic: `ticket:${id}`,
	changes: [
		{ event: '*', schema: 'public', table: 'tickets', filter: `id=eq.${id}` },
		{ event: '*', schema: 'public', table: 'ticket_activities', filter: `ticket_id=eq.${id}` }
	]
});

/** The topic of one ticket's row alone (`ticketRowFeed`). */
export const ticketRowTopic = (id: number) => `ticket-row:${id}`;

/**
 * One ticket's row, for the agent's ticket page: a change reloads the page only when `shows` says
 * the page shows something it changed (every reply bumps `updated_at`, which the page does not show).
 */
export const ticketRowFeed = (
	id: number,
	shows: (row: Record<string, unknown>) => boolean
): FeedSpec => ({
	topic: ticketRowTopic(id),
	changes: [{ event: '*', schema: 'public', table: 'tickets', filter: `id=eq.${id}` }],
	invalidatesOn: (change) => change.eventType !== 'UPDATE' || shows(change.new)
});

/**
 * One ticket's history rows, for the agent's ticket page, which adds each new row to its timeline
 * itself (`onChange`) and catches up after a resubscribe (`onSubscribed`): no page reloads.
 */
export const timelineFeed = (
	id: number,
	onChange: (change: Change) => void,
	onSubscribed: () => void
): FeedSpec => ({
	topic: `timeline:${id}`,
	changes: [
		{ event: '*', schema: 'public', table: 'ticket_activities', filter: `ticket_id=eq.${id}` }
	],
	invalidates: false,
	onChange,
	onSubscribed
});

/**
 * The signed-in person's own profile, watched for role changes: `onChange` sees each update, and
 * `onSubscribed` runs after every (re)subscribe to check what changed while nobody was listening.
 */
export const profileFeed = (
	userId: string,
	onChange: (change: Change) => void,
	onSubscribed: () => void
): FeedSpec => ({
	topic: `profile:${userId}`,
	changes: [{ event: 'UPDATE', schema: 'public', table: 'profiles', filter: `id=eq.${userId}` }],
	onChange,
	onSubscribed
});

/**
 * The diagnostics page's delivery probe: the admin's own profile row, on a topic of its own so the
 * probe's listener is not the portal shell's.
 */
export const probeFeed = (userId: string, onChange: (change: Change) => void): FeedSpec => ({
	topic: `probe:${userId}`,
	changes: [{ event: 'UPDATE', schema: 'public', table: 'profiles', filter: `id=eq.${userId}` }],
	onChange
});

/**
 * Every ticket change, for the agent queue, which applies each change to its rows itself (fetching
 * only the rows that changed) and catches up on its own after a resubscribe: no page reloads.
 */
export const queueFeed = (
	onChange: (change: Change) => void,
	onSubscribed: () => void
): FeedSpec => ({
	topic: 'queue',
	changes: [{ event: '*', schema: 'public', table: 'tickets' }],
	invalidates: false,
	onChange,
	onSubscribed
});

/** The staff's presence topic: which ticket each agent's tabs are showing (`{ ticket }`). */
export const agentsPresenceTopic = 'agents:presence';

export const agentsPresence = (userId: string): FeedSpec => ({
	topic: agentsPresenceTopic,
	changes: [],
	invalidates: false,
	private: true,
	presenceKey: userId
});

/**
 * Every ticket change, for counters that fetch their own figures when something changes (the
 * reports' "today" tiles) rather than reloading the page they sit on.
 */
export const countersFeed = (onChange: () => void, onSubscribed: () => void): FeedSpec => ({
	topic: 'counters',
	changes: [{ event: '*', schema: 'public', table: 'tickets' }],
	invalidates: false,
	onChange,
	onSubscribed
});

/** The broadcast that says the report rollups were rebuilt (after a calendar or policy edit). */
export const rollupsRebuiltEvent = 'rollups_rebuilt';

/**
 * The reports' private topic, staff only (RLS on realtime.messages): the minute job broadcasts on it
 * when it has rebuilt the rollups, and pages that showed "recalculating" refetch (`onRebuilt`).
 * `onSubscribed` runs after every (re)subscribe, to catch a rebuild nobody was listening for.
 */
export const reportsFeed = (onRebuilt: () => void, onSubscribed: () => void): FeedSpec => ({
	topic: 'reports',
	changes: [],
	invalidates: false,
	private: true,
	broadcasts: [rollupsRebuiltEvent],
	onBroadcast: () => onRebuilt(),
	onSubscribed
});

/**
 * Agents' availability and heartbeats (agent_status), for the admin overview's "online now": it
 * applies each change itself (a heartbeat a minute per open tab must not reload the page) and
 * reloads only after a (re)subscribe, to catch up.
 */
export const agentStatusFeed = (
	onChange: (change: Change) => void,
	onSubscribed: () => void
): FeedSpec => ({
	topic: 'agent-status',
	changes: [{ event: '*', schema: 'public', table: 'agent_status' }],
	invalidates: false,
	onChange,
	onSubscribed
});

/** The broadcast on a ticket's typing topic: `{ typing: boolean }`, naming nobody. */
export const typingEvent = 'typing';

/**
 * A ticket's "Support is typing…" topic, private: staff send on it while writing a public reply,
 * the ticket's customer listens (`onTyping`), nobody else may join (RLS on realtime.messages).
 */
export const typingFeed = (
	ticketId: number,
	hooks: { onTyping?: (typing: boolean) => void; onSubscribed?: () => void } = {}
): FeedSpec => ({
	topic: `typing:${ticketId}`,
	changes: [],
	invalidates: false,
	private: true,
	broadcasts: [typingEvent],
	onBroadcast: hooks.onTyping && ((_event, payload) => hooks.onTyping?.(payload.typing === true)),
	onSubscribed: hooks.onSubscribed
});
