// Where a change to the queue's state leads: the same page with the URL for the new state. Changing
// a filter back to the view's own value drops it from the URL; emptying a filter the view sets
// writes `any`.
import { resolve } from '$app/paths';
import { queueSearch, type ColumnKey, type QueryOverrides, type TicketQuery } from '$lib/queue';

export interface QueueLocation {
	view: string;
	/** The view's own query. */
	base: TicketQuery;
	overrides: QueryOverrides;
	columns?: ColumnKey[];
}

export function queueHref(location: Pick<QueueLocation, 'view' | 'overrides' | 'columns'>) {
	const search = queueSearch(location);
	return search ? resolve(`/agent?${search.slice(1)}`) : resolve('/agent');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const empty = (value: unknown) =>
	value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** The overrides with `key` set to `value` (undefined or an empty list: no filter). */
export function withValue<K extends keyof TicketQuery>(
	location: QueueLocation,
	key: K,
	value: TicketQuery[K] | undefined
): QueryOverrides {
	const overrides: QueryOverrides = { ...location.overrides };
	if (same(empty(value) ? undefined : value, location.base[key])) {
		delete overrides[key];
	} else if (empty(value)) {
		if (empty(location.base[key])) delete overrides[key];
		else overrides[key] = null;
	} else {
		overrides[key] = value;
	}
	return overrides;
}
