// What realtime needs to know about a published table (columns and their types, primary key, replica
// identity, RLS) and which of its columns each role may select. Catalog reads are slow on PGlite, so
// both are cached until the next DDL (an event trigger announces every one). Privileges also expire
// after a few seconds, because granting or revoking a role's membership fires no event trigger.
import type { Database } from '../../db';

export interface TableShape {
	rls: boolean;
	/** Every column, in table order, with its type name as Supabase reports it (`int8`, `_text`). */
	columns: { name: string; type: string }[];
	pk: string[];
	/** The columns an old row keeps (its replica identity); null for all (REPLICA IDENTITY FULL). */
	identity: string[] | null;
}

export const privilegesTtlMs = 5_000;

export class TableShapes {
	#db: Database;
	#shapes = new Map<number, Promise<TableShape>>();
	#selectable = new Map<string, { at: number; columns: Promise<ReadonlySet<string>> }>();
	#generation = 0;

	constructor(db: Database) {
		this.#db = db;
	}

	shape(relid: number): Promise<TableShape> {
		let shape = this.#shapes.get(relid);
		if (!shape) {
			shape = this.#db
				.query<{ shape: TableShape }>('select _stack.realtime_table_shape($1) as shape', [relid])
				.then(({ rows }) => rows[0].shape);
			shape.catch(() => this.#shapes.delete(relid));
			this.#shapes.set(relid, shape);
		}
		return shape;
	}

	selectable(relid: number, role: string): Promise<ReadonlySet<string>> {
		const key = `${relid}:${role}`;
		const cached = this.#selectable.get(key);
		if (cached && Date.now() - cached.at < privilegesTtlMs) return cached.columns;
		const columns = this.#db
			.query<{ columns: string[] }>(
				'select _stack.realtime_selectable_columns($1, $2) as columns',
				[relid, role]
			)
			.then(({ rows }) => new Set(rows[0].columns));
		columns.catch(() => this.#selectable.delete(key));
		this.#selectable.set(key, { at: Date.now(), columns });
		return columns;
	}

	/** Counts the times everything was forgotten, so what was built from the shapes can follow. */
	get generation(): number {
		return this.#generation;
	}

	forget(): void {
		this.#generation++;
		this.#shapes.clear();
		this.#selectable.clear();
	}
}
