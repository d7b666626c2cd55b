// The building blocks of every statement: quoted identifiers and bind parameters. Nothing a client
// sends reaches SQL text except through `ident` (quoted, `"` doubled) or `Params.add` (a `$n`).
import type { SqlParam } from '../../db';
import type { Qualifier } from '../plan';

/**
 * Where a statement's parameter comes from: a value fixed by the request's shape (a JSON key, a
 * limit, a value inside a logic tree), or the operand of the request's filter number `filter`.
 */
export type ParamSource = { constant: SqlParam } | { filter: number };

export class Params {
	readonly values: SqlParam[] = [];
	/** One per value: how to find it again in another request of the same shape. */
	readonly sources: ParamSource[] = [];

	/** A `$n` placeholder for `value`, sent untyped so PostgreSQL infers its type from the context. */
	add(value: string): string {
		this.values.push(value);
		this.sources.push({ constant: value });
		return `$${this.values.length}`;
	}

	/** A `$n` placeholder for the operand of the request's filter number `filter`. */
	addOperand(value: string, filter: number | undefined): string {
		if (filter === undefined) return this.add(value);
		this.values.push(value);
		this.sources.push({ filter });
		return `$${this.values.length}`;
	}
}

/** The parameters of another request of the same shape, given its filters' operands. */
export const bindParams = (sources: ParamSource[], operands: (string | undefined)[]) =>
	sources.map((source) => ('constant' in source ? source.constant : operands[source.filter]!));

export const ident = (name: string) => `"${name.replace(/\0/g, '').replace(/"/g, '""')}"`;

export const qualified = (q: Qualifier) =>
	q.schema ? `${ident(q.schema)}.${ident(q.name)}` : ident(q.name);

export const column = (q: Qualifier, name: string) =>
	name === '*' ? `${qualified(q)}.*` : `${qualified(q)}.${ident(name)}`;

/** A PostgreSQL array literal of text values, e.g. `{"a","b,c"}`, for `= ANY($n)`. */
export const arrayLiteral = (values: string[]) =>
	`{${values.map((v) => `"${v.replace(/\0/g, '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
