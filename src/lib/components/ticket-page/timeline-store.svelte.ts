// The timeline the agent's ticket page shows: the page load's newest items, the earlier pages the
// agent asked for and the items that arrived live, each once, oldest first. Earlier pages and live
// items come from the page's `timeline` endpoint (rendered there, under the agent's JWT), by keyset.
import { untrack } from 'svelte';
import type { TimelineItem, TimelinePage } from '$lib/server/tickets/timeline';
import {
	compareKeys,
	cursorParam,
	mergeTimeline,
	timelineCatchUpLimit,
	type TimelineKey
} from '$lib/tickets/timeline';

/** What the page load brought: its ticket and the newest items with how many come before them. */
export interface TimelineSource {
	ticketId: number;
	page: { items: TimelineItem[]; earlier: number };
}

/** An item and how many items precede it: the oldest item known fixes how many are left to load. */
type Oldest = { key: TimelineKey; earlier: number };

const oldestOf = ({ items, earlier }: TimelinePage): Oldest | null =>
	items[0] && earlier !== null ? { key: items[0], earlier } : null;

export class TimelineStore {
	readonly #source: () => TimelineSource;
	readonly #fetch: typeof fetch;
	/** Every item loaded besides the current page data (earlier pages, live ones, older page data). */
	#held = $state.raw<{ ticketId: number; items: TimelineItem[]; oldest: Oldest | null }>({
		ticketId: 0,
		items: [],
		oldest: null
	});
	#catchingUp: Promise<void> | undefined;
	#again = false;
	loadingEarlier = $state(false);
	/** Why the last `Show earlier` failed, for the page to say. */
	problem = $state('');

	constructor(source: () => TimelineSource, fetcher: typeof fetch) {
		this.#source = source;
		this.#fetch = fetcher;
	}

	readonly #mine = $derived.by(() => {
		const held = this.#held;
		return held.ticketId === this.#source().ticketId ? held : null;
	});

	readonly items: TimelineItem[] = $derived.by(() =>
		mergeTimeline(this.#mine?.items ?? [], this.#source().page.items)
	);

	/** How many items older than the oldest shown are still to load. */
	readonly earlier: number = $derived.by(() => {
		const { page } = this.#source();
		const fromPage = oldestOf(page);
		const held = this.#mine?.oldest ?? null;
		if (!held || !fromPage) return (held ?? fromPage)?.earlier ?? page.earlier;
		return compareKeys(held.key, fromPage.key) < 0 ? held.earlier : fromPage.earlier;
	});

	readonly total: number = $derived(this.items.length + this.earlier);

	/**
	 * Keeps the current page data's items: a later page load brings only the newest page, and what
	 * lay between it and the earlier pages must stay. Call when the page data changes.
	 */
	keepPage(): void {
		const { ticketId, page } = this.#source();
		// Depends on the page data only: what it holds already is not a reason to run again.
		untrack(() => this.#hold(ticketId, page.items, oldestOf(page)));
	}

	/** Loads the page of items before the oldest shown. */
	async loadEarlier(): Promise<TimelineItem[]> {
		const oldest = this.items[0];
		if (!oldest || this.loadingEarlier) return [];
		const ticketId = this.#source().ticketId;
		this.loadingEarlier = true;
		this.problem = '';
		try {
			const page = await this.#get(ticketId, `before=${encodeURIComponent(cursorParam(oldest))}`);
			this.#hold(ticketId, page.items, oldestOf(page));
			return page.items;
		} catch {
			this.problem = 'The earlier messages could not be loaded. Try again.';
			return [];
		} finally {
			this.loadingEarlier = false;
		}
	}

	/**
	 * Adds what came after the newest item shown (a live change, or a resubscribe); one request at a
	 * time, and one more if asked meanwhile, so a burst of changes costs at most two.
	 */
	catchUp(): Promise<void> {
		if (this.#catchingUp) {
			this.#again = true;
			return this.#catchingUp;
		}
		this.#catchingUp = (async () => {
			do {
				this.#again = false;
				const ticketId = this.#source().ticketId;
				const newest = this.items.at(-1);
				const page = await this.#get(
					ticketId,
					newest ? `after=${encodeURIComponent(cursorParam(newest))}` : ''
				).catch(() => null);
				// A full answer may not be all: ask again from its newest.
				if (page?.items.length) {
					this.#hold(ticketId, page.items, oldestOf(page));
					if (page.items.length >= timelineCatchUpLimit) this.#again = true;
				}
			} while (this.#again);
		})().finally(() => (this.#catchingUp = undefined));
		return this.#catchingUp;
	}

	async #get(ticketId: number, query: string): Promise<TimelinePage> {
		const response = await this.#fetch(`/agent/tickets/${ticketId}/timeline?${query}`);
		if (!response.ok) throw new Error(`timeline: ${response.status}`);
		return response.json();
	}

	#hold(ticketId: number, items: TimelineItem[], oldest: Oldest | null): void {
		if (ticketId !== this.#source().ticketId) return;
		const held = this.#mine ?? { ticketId, items: [], oldest: null };
		const older = oldest && (!held.oldest || compareKeys(oldest.key, held.oldest.key) < 0);
		this.#held = {
			ticketId,
			items: mergeTimeline(held.items, items),
			oldest: older ? oldest : held.oldest
		};
	}
}
