import { getShortcuts } from './context';
import type { Shortcut } from './registry.svelte';

/**
 * Registers a component's shortcuts while it is mounted (call during component setup). The list is
 * re-read when what it depends on changes.
 */
export function useShortcuts(shortcuts: () => Shortcut[]) {
	const registry = getShortcuts();
	$effect(() => {
		const removals = shortcuts().map((shortcut) => registry.register(shortcut));
		return () => removals.forEach((remove) => remove());
	});
}
