// The store reaches components through context, never a module singleton that server code could share.
import { getContext, setContext } from 'svelte';
import type { RealtimeHub } from './hub.svelte';

const key = Symbol('realtime');

export const setRealtime = (hub: RealtimeHub) => setContext(key, hub);

export function getRealtime(): RealtimeHub {
	const hub = getContext<RealtimeHub | undefined>(key);
	if (!hub)
		throw new Error('getRealtime() needs the root layout, which provides the realtime store.');
	return hub;
}
