// The tab's shortcut registry reaches components through context, like the realtime store.
import { getContext, setContext } from 'svelte';
import type { ShortcutRegistry } from './registry.svelte';

const key = Symbol('shortcuts');

export const setShortcuts = (registry: ShortcutRegistry) => setContext(key, registry);

export function getShortcuts(): ShortcutRegistry {
	const registry = getContext<ShortcutRegistry | undefined>(key);
	if (!registry) throw new Error('getShortcuts() needs the root layout’s ShortcutRegistry');
	return registry;
}
