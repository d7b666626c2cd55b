// The rows a queue shows, kept live: the first page comes from the page load; `Load more` fetches
// the next keyset page; each realtime change is applied in place by fetching only the tickets that
// changed, with the view's own query (so the database decides whether they still belong), in batches.
// A changed row is updated where it is and highlighted; a row that no longer matches fades out; a
// new one slides in where the view's order puts it. Rows are keyed by id, so scroll position,
// selection and focus stay with the agent.
import { SvelteSet } from 'svelte/reactivity';
import type { Change } from '$lib/realtime';
import { compareRows, toPage, type QueueRow, type SortKey, type TicketQuery } from '$lib/queue';
import type { AppSupabaseClient, Json } from '$lib/supabase';

/** How long a change waits for others to fetch them together (a bulk action sends hundreds). */
const batchMs = 40;
/** How long a changed row stays highlighted, and a leaving one takes to fade. */
export const highlightMs = 2000;
export const leaveMs = 600;
/** The database refetches at most this many ids at once. */
const idsPerFetch = 500;

export interface QueueSource {
	query: TicketQuery;
	sort: SortKey;
	dir: 'asc' | 'desc';
	rows: QueueRow[];
	next: Json | null;
	pageSize: number;
}

export class QueueRows {
	rows: QueueRow[] = $state([]);
	next: Json | null = $state(null);
	loading = $state(false);
	error: string | null = $state(null);
	/** Rows changed by someone, highlighted for a moment. */
	readonly changed = new SvelteSet<number>();
	/** Rows that no longer match the view, fading out. */
	readonly leaving = new SvelteSet<number>();
	/** Rows that arrived live, sliding in. */
	readonly arrived = new SvelteSet<number>();

	#source: QueueSource;
	readonly #supabase: () => AppSupabaseClient | null;
	readonly #onApplied: () => void;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping that nothing renders
	#pending = new Set<number>();
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** The view's first page is to be fetched again, for tickets that joined it unannounced. */
	#headPending = false;
	/** Bumped on every reset, so answers for an earlier view are dropped. */
	#generation = 0;

	constructor(
		source: QueueSource,
		supabase: () => AppSupabaseClient | null,
		onApplied: () => void = () => {}
	) {
		this.#source = source;
		this.#supabase = supabase;
		this.#onApplied = onApplied;
		this.rows = source.rows;
		this.next = source.next;
	}

	/** New page data (another view, other filters): start over from it. */
	reset(source: QueueSource) {
		this.#source = source;
		this.#generation += 1;
		this.#pending.clear();
		this.#headPending = false;
		clearTimeout(this.#timer);
		this.rows = source.rows;
		this.next = source.next;
		this.error = null;
		this.changed.clear();
		this.leaving.clear();
		this.arrived.clear();
	}

	async loadMore() {
		const supabase = this.#supabase();
		if (!supabase || this.loading || this.next === null) return;
		const generation = this.#generation;
		this.loading = true;
		this.error = null;
		const { query, pageSize } = this.#source;
		const { data, error } = await supabase.rpc('list_tickets', {
			query,
			after: this.next,
			page_size: pageSize + 1
		});
		if (generation !== this.#generation) return;
		this.loading = false;
		if (error || !data) {
			this.error =
				error?.code === '22023' ? error.message : 'Could not load more tickets. Try again.';
			return;
		}
		const page = toPage(data, pageSize);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup local to this call
		const shown = new Set(this.rows.map((row) => row.id));
		this.rows = [...this.rows, ...page.rows.filter((row) => !shown.has(row.id))];
		this.next = page.next;
	}

	/** A realtime change to `tickets`: fetched with others that arrive within a moment. */
	apply = (change: Change) => {
		const id = Number((change.eventType === 'DELETE' ? change.old : change.new).id);
		if (!Number.isSafeInteger(id)) return;
		if (change.eventType === 'DELETE') {
			this.#leave(id);
			return;
		}
		this.#pending.add(id);
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#flush(), batchMs);
	};

	/**
	 * After a (re)subscribe: changes made meanwhile were not delivered (on the first subscribe, those
	 * since the page load), so check what is shown and look for tickets that joined the view's head.
	 */
	catchUp = () => {
		for (const row of this.rows) this.#pending.add(row.id);
		this.#headPending = true;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#flush(), batchMs);
	};

	destroy() {
		clearTimeout(this.#timer);
		this.#generation += 1;
	}

	async #flush() {
		const supabase = this.#supabase();
		if (!supabase) return;
		const ids = [...this.#pending];
		this.#pending.clear();
		const generation = this.#generation;
		if (this.#headPending) {
			this.#headPending = false;
			const { query, pageSize } = this.#source;
			const { data, error } = await supabase.rpc('list_tickets', { query, page_size: pageSize });
			if (generation !== this.#generation) return;
			if (!error && data) {
				// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup local to this call
				const shown = new Set([...this.rows.map((row) => row.id), ...ids]);
				const joined = toPage(data, pageSize).rows.filter((row) => !shown.has(row.id));
				this.#merge(
					joined.map((row) => row.id),
					joined
				);
			}
		}
		for (let start = 0; start < ids.length; start += idsPerFetch) {
			const batch = ids.slice(start, start + idsPerFetch);
			const { data, error } = await supabase.rpc('list_tickets', {
				query: { ...this.#source.query, ids: batch.map(String) },
				page_size: batch.length
			});
			if (generation !== this.#generation || error || !data) return;
			this.#merge(batch, toPage(data, batch.length).rows);
		}
		this.#onApplied();
	}

	/** `matching` are those of `ids` that still belong to the view, as they are now. */
	#merge(ids: number[], matching: QueueRow[]) {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup local to this call
		const fresh = new Map(matching.map((row) => [row.id, row]));
		const rows = [...this.rows];
		for (const id of ids) {
			const index = rows.findIndex((row) => row.id === id);
			const row = fresh.get(id);
			if (index >= 0 && row) {
				if (JSON.stringify(row) !== JSON.stringify(rows[index])) {
					this.#flash(this.changed, id, highlightMs);
				}
				rows[index] = row;
				this.leaving.delete(id);
			} else if (index >= 0) {
				this.#leave(id);
			} else if (row && this.#fits(row, rows)) {
				rows.splice(this.#position(row, rows), 0, row);
				this.#flash(this.arrived, id, highlightMs);
			}
		}
		this.rows = rows;
	}

	/** A new row belongs on the loaded pages unless it sorts after them and more pages follow. */
	#fits(row: QueueRow, rows: QueueRow[]) {
		const last = rows.at(-1);
		if (!last || this.next === null) return true;
		return compareRows(row, last, this.#source.sort, this.#source.dir) < 0;
	}

	#position(row: QueueRow, rows: QueueRow[]) {
		const { sort, dir } = this.#source;
		const after = rows.findIndex((other) => compareRows(row, other, sort, dir) < 0);
		return after === -1 ? rows.length : after;
	}

	#leave(id: number) {
		if (!this.rows.some((row) => row.id === id) || this.leaving.has(id)) return;
		this.leaving.add(id);
		const generation = this.#generation;
		setTimeout(() => {
			if (generation !== this.#generation || !this.leaving.has(id)) return;
			this.leaving.delete(id);
			this.rows = this.rows.filter((row) => row.id !== id);
		}, leaveMs);
	}

	#flash(set: SvelteSet<number>, id: number, ms: number) {
		set.add(id);
		const generation = this.#generation;
		setTimeout(() => {
			if (generation === this.#generation) set.delete(id);
		}, ms);
	}
}
