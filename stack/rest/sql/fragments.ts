// The building blocks of every statement: quoted identifiers and bind parameters. Nothing a client
// sends reaches SQL text except through `ident` (quoted, `"` doubled) or `Params.add` (a `$n`).
import type { SqlParam } from '../../db';
import type { Qualifier } from '../plan';

export class Params {
	readonly values: SqlParam[] = [];

	/** A `$n` placeholder for `value`, sent untyped so PostgreSQL infers its type from the context. */
	add(value: string): string {
		this.values.push(value);
		return `$${this.values.length}`;
	}
}

export const ident = (name: string) => `"${name.replace(/\0/g, '').replace(/"/g, '""')}"`;

export const qualified = (q: Qualifier) =>
	q.schema ? `${ident(q.schema)}.${ident(q.name)}` : ident(q.name);

export const column = (q: Qualifier, name: string) =>
	name === '*' ? `${qualified(q)}.*` : `${qualified(q)}.${ident(name)}`;

/** A PostgreSQL array literal of text values, e.g. `{"a","b,c"}`, for `= ANY($n)`. */
export const arrayLiteral = (values: string[]) =>
	`{${values.map((v) => `"${v.replace(/\0/g, '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
