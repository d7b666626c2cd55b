// The agent's timeline in pages: the page load brings the newest items, `Show earlier` the ones
// before the oldest shown and live changes the ones after the newest, each by keyset on
// (created_at, id), so a page never shifts as rows arrive (as OFFSET would) and never repeats one.

/** Where an item sits in the timeline: its time, then its id for items of the same instant. */
export interface TimelineKey {
	created_at: string;
	id: number;
}

/** The page size: about three screens of a busy conversation, enough to read the latest exchange. */
export const timelinePageSize = 40;

/** At most this many items after the newest shown in one answer; a full answer is asked again. */
export const timelineCatchUpLimit = 100;

/** A timestamp as PostgREST writes it, with up to microseconds and an offset. */
const timestampPattern =
	/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** An item's key as a query parameter (`<created_at>~<id>`). */
export const cursorParam = (key: TimelineKey) => `${key.created_at}~${key.id}`;

/** A `cursorParam` read back; undefined unless it is exactly a timestamp and a positive id. */
export function parseCursor(value: string | null): TimelineKey | undefined {
	const at = value?.lastIndexOf('~') ?? -1;
	if (!value || at < 0) return undefined;
	const created_at = value.slice(0, at);
	const id = Number(value.slice(at + 1));
	if (!timestampPattern.test(created_at) || !Number.isSafeInteger(id) || id <= 0) return undefined;
	return { created_at, id };
}

/** Microseconds since the epoch: Date keeps milliseconds only, PostgreSQL keeps microseconds. */
function micros(at: string): number {
	const fraction = /\.(\d+)/.exec(at)?.[1] ?? '';
	return Date.parse(at) * 1000 + Number(fraction.padEnd(6, '0').slice(3, 6));
}

/** Orders two items as the timeline shows them, oldest first. */
export const compareKeys = (a: TimelineKey, b: TimelineKey) =>
	micros(a.created_at) - micros(b.created_at) || a.id - b.id;

/** Lists of items as one timeline, oldest first, each item once (the later list's copy wins). */
export function mergeTimeline<T extends TimelineKey>(...lists: T[][]): T[] {
	const byId = new Map<number, T>();
	for (const list of lists) for (const item of list) byId.set(item.id, item);
	return [...byId.values()].sort(compareKeys);
}
