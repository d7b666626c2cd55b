export { RealtimeHub, feedDependency, type HubOptions, type Invalidate } from './hub.svelte';
export { Feed } from './feed.svelte';
export { InvalidationQueue } from './invalidation-queue';
export { follow } from './follow.svelte';
export { getRealtime, setRealtime } from './context';
export {
	ticketsFeed,
	ticketFeed,
	ticketRowFeed,
	ticketRowTopic,
	timelineFeed,
	countersFeed,
	reportsFeed,
	profileFeed,
	probeFeed,
	queueFeed,
	agentsPresence,
	agentsPresenceTopic,
	agentStatusFeed,
	typingFeed
} from './feeds';
export { TypingListener, TypingSignal } from './typing.svelte';
export { connectionStatus, statusLabels, type TopicState } from './status';
export { realtimeClientFor } from './supabase-adapter';
export type * from './types';
