import type { ConnectionStatus } from './types';

/** How a topic stands: on its first join, joined, or lost and being recovered. */
export type TopicState = 'joining' | 'joined' | 'retrying';

/** How long a lost connection reads "Reconnecting…" before it reads "Offline". */
export const offlineAfterMs = 10_000;

/**
 * The one status every portal header shows. A topic joining for the first time while others are
 * joined is just a page opening a new feed on a live socket, not a lost connection. `lostLong`:
 * some topic has been failing to (re)join for `offlineAfterMs`.
 */
export function connectionStatus(
	online: boolean,
	wasLive: boolean,
	topics: Iterable<TopicState>,
	lostLong = false
): ConnectionStatus {
	if (!online || lostLong) return 'offline';
	const states = [...topics];
	if (states.includes('retrying')) return wasLive ? 'reconnecting' : 'connecting';
	return states.includes('joined') ? 'live' : 'connecting';
}

export const statusLabels: Record<ConnectionStatus, string> = {
	connecting: 'Connecting…',
	live: 'Live',
	reconnecting: 'Reconnecting…',
	offline: 'Offline'
};
