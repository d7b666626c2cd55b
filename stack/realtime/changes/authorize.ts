// One call to _stack.realtime_authorize (authorize.sql) for a batch of changes to one table: the
// table's shape, each filter's verdict per change, the columns each role may select, and per distinct
// claims set which changes its RLS lookup found. The caller runs it in a read-only transaction.
import type { Queryable } from '../../db';
import type { Claims } from '../token';
import type { ChangeEvent, Filter } from './filters';

export interface TableShape {
	rls: boolean;
	/** Every column, in table order, with its type name as Supabase reports it (`int8`, `_text`). */
	columns: { name: string; type: string }[];
	pk: string[];
}

export interface ChangeToCheck {
	type: ChangeEvent;
	record: Record<string, unknown> | null;
	old: Record<string, unknown> | null;
}

export interface ClaimsCheck {
	claims: Claims;
	/** Filter indexes per subscription of these claims; a change is looked up if one group passes. */
	groups: number[][];
}

export interface Verdicts {
	shape: TableShape;
	/** Old rows trimmed to the table's replica identity (null when there is none). */
	olds: (Record<string, unknown> | null)[];
	/** `filters[f][c]`: filter f lets change c through. */
	filters: boolean[][];
	/** Columns each role may select. */
	privileges: Record<string, string[]>;
	/** Per claims check, the indexes of the changes its RLS lookup found. */
	visible: Set<number>[];
}

interface AuthorizeRow {
	rls: boolean;
	columns: { name: string; type: string }[];
	pk: string[];
	olds: (Record<string, unknown> | null)[];
	filters: boolean[][];
	privileges: Record<string, string[]>;
	visible: number[][];
}

export async function authorize(
	tx: Queryable,
	relid: number,
	changes: ChangeToCheck[],
	filters: Filter[],
	checks: ClaimsCheck[]
): Promise<Verdicts> {
	const { rows } = await tx.query<{ result: AuthorizeRow }>(
		`select _stack.realtime_authorize($1, $2::jsonb, $3::jsonb, $4::jsonb) as result`,
		[
			relid,
			JSON.stringify(changes),
			JSON.stringify(filters.map((f) => [f.column, f.op, f.value, f.negate])),
			JSON.stringify(
				checks.map((c) => ({ role: c.claims.role, claims: c.claims, groups: c.groups }))
			)
		]
	);
	const result = rows[0].result;
	return {
		shape: { rls: result.rls, columns: result.columns, pk: result.pk },
		olds: result.olds,
		filters: result.filters,
		privileges: result.privileges,
		visible: result.visible.map((indexes) => new Set(indexes))
	};
}
