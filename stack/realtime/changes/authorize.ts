// What _stack.realtime_authorize (authorize.sql) answers for one table's changes: each filter's
// verdict per change, and per claims set (sorted by role, so the role is switched once per role)
// which changes its RLS lookup by primary key found. _stack.realtime_take calls it for every table
// of a batch, in the statement that takes the changes (take.ts).
import type { Claims } from '../token';

export interface LookupCheck {
	claims: Claims;
	/** Filter indexes per subscription of these claims; a change is looked up if one group passes. */
	groups: number[][];
}

export interface Verdicts {
	/** `filters[f][c]`: filter f lets change c through. */
	filters: boolean[][];
	/** Per check, the indexes of the changes its RLS lookup found. */
	visible: ReadonlySet<number>[];
}

/** The answer as it comes back in JSON. */
export interface RawVerdicts {
	filters: boolean[][];
	visible: number[][];
}

export const toVerdicts = (raw: RawVerdicts): Verdicts => ({
	filters: raw.filters,
	visible: raw.visible.map((found) => new Set(found))
});
