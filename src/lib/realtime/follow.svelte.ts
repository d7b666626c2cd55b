// Keeps a component's feeds open for as long as it lives. Call during component initialisation.
import { untrack } from 'svelte';
import type { RealtimeHub } from './hub.svelte';
import type { FeedSpec } from './types';

export function follow(hub: RealtimeHub, specs: () => FeedSpec[]): void {
	// Keyed by topic names, so new page data with the same topics keeps the same readers.
	const topics = $derived(
		specs()
			.map((spec) => spec.topic)
			.join('\n')
	);
	$effect(() => {
		void topics;
		const feeds = untrack(specs).map((spec) => hub.feed(spec));
		for (const feed of feeds) void feed.current;
	});
}
