// The counts the view list and the queue header show, kept live: first what the server counted (a
// streamed promise), then recounted in the browser, in one call for every view, at most once per
// interval however many changes arrive.
import { SvelteMap } from 'svelte/reactivity';
import type { TicketQuery } from '$lib/queue';
import type { AppSupabaseClient } from '$lib/supabase';

export interface Count {
	count: number;
	exact: boolean;
}

/** Recounts wait this long for more changes, so a burst costs one call. */
const settleMs = 800;

export class ViewCounts {
	readonly #counts = new SvelteMap<string, Count>();
	readonly #supabase: () => AppSupabaseClient | null;
	#queries: Record<string, TicketQuery> = {};
	#timer: ReturnType<typeof setTimeout> | undefined;
	#asked = 0;

	constructor(supabase: () => AppSupabaseClient | null) {
		this.#supabase = supabase;
	}

	get(key: string): Count | undefined {
		return this.#counts.get(key);
	}

	/** What to count from now on; counts already known for these keys stay until recounted. */
	track(queries: Record<string, TicketQuery>) {
		this.#queries = queries;
	}

	/** Takes the server's counts (a page load's), unless a newer recount has already arrived. */
	async receive(counts: Promise<Record<string, Count> | null> | null | undefined) {
		const asked = this.#asked;
		const known = await counts?.catch(() => null);
		if (!known || asked !== this.#asked) return;
		for (const [key, count] of Object.entries(known)) this.#counts.set(key, count);
	}

	/** Asks for a recount soon. */
	refresh = () => {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#recount(), settleMs);
	};

	destroy() {
		clearTimeout(this.#timer);
	}

	async #recount() {
		const supabase = this.#supabase();
		if (!supabase || Object.keys(this.#queries).length === 0) return;
		const asked = ++this.#asked;
		const { data } = await supabase.rpc('count_tickets', { queries: this.#queries });
		if (!data || asked !== this.#asked) return;
		for (const row of data) this.#counts.set(row.key, { count: row.count, exact: row.exact });
	}
}

/** "1,234", or for an estimate "~27k" (and "10k+" when the estimate is no better than that). */
export function formatCount({ count, exact }: Count): string {
	if (exact) return count.toLocaleString('en');
	if (count <= 10_001) return '10k+';
	if (count < 1_000_000) return `~${Math.round(count / 1000)}k`;
	return `~${(count / 1_000_000).toFixed(1)}M`;
}
