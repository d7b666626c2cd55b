// One call to _stack.realtime_authorize (authorize.sql) for a batch of changes to one table: each
// filter's verdict per change, and per claims set (sorted by role, so the role is switched once per
// role) which changes its RLS lookup by primary key found. The caller runs it read-only.
import type { Queryable } from '../../db';
import type { Claims } from '../token';
import type { Filter } from './filters';

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

export async function authorize(
	tx: Queryable,
	relid: number,
	pk: string[],
	sources: (Record<string, unknown> | null)[],
	filters: Filter[],
	keys: (Record<string, unknown> | null)[],
	checks: LookupCheck[]
): Promise<Verdicts> {
	const { rows } = await tx.query<{ result: { filters: boolean[][]; visible: number[][] } }>(
		`select _stack.realtime_authorize($1, $2::text[], $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb) as result`,
		[
			relid,
			`{${pk.map((column) => JSON.stringify(column)).join(',')}}`,
			JSON.stringify(sources),
			JSON.stringify(filters.map((f) => [f.column, f.op, f.value, f.negate])),
			JSON.stringify(keys),
			JSON.stringify(
				checks.map((c) => ({ role: c.claims.role, claims: c.claims, groups: c.groups }))
			)
		]
	);
	const { result } = rows[0];
	return { filters: result.filters, visible: result.visible.map((found) => new Set(found)) };
}
