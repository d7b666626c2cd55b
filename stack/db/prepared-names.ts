// Which statements a connection holds prepared, by name: a bounded, least-recently-used set. Names
// it gives up (evicted, or left in doubt by a failed batch) are closed at the start of the next batch
// on that connection; closing a name the server never created is not an error. Each name also keeps
// the columns its statement returns, once a run has described them: a prepared statement's result
// columns cannot change under its name (PostgreSQL refuses with "cached plan must not change result
// type"), so later runs skip the Describe and the RowDescription that answers it.
import type { Field, Statement } from './types';

// Enough for every statement an app's pages run, for each role that runs them.
const defaultLimit = 250;

export interface NameUse {
	/** The statement's name on the connection. */
	name: string;
	/** The name is new: the batch must parse the statement under it. */
	parse: boolean;
	/** The columns an earlier run described: the batch need not ask for them again. */
	fields: readonly Field[] | undefined;
	/** Where {@link PreparedNames.described} keeps the columns (none for the unnamed statement). */
	entry: Entry | undefined;
}

interface Entry {
	name: string;
	/** When it was last used, for evicting the least recently used. */
	used: number;
	fields?: readonly Field[];
}

const unnamed: NameUse = { name: '', parse: true, fields: undefined, entry: undefined };

export class PreparedNames {
	// By key, then by text: a text that repeats as the same string keeps its hash, so a lookup costs
	// nothing like building one long key from both would.
	readonly #names = new Map<string, Map<string, Entry>>();
	#size = 0;
	#clock = 0;
	#closing: string[] = [];
	#next = 0;

	constructor(
		private readonly prefix: string,
		private readonly limit = defaultLimit
	) {}

	/** The name to run `statement` under ('' for the unnamed statement when it is not kept). */
	use(statement: Statement): NameUse {
		const { prepareKey, sql } = statement;
		if (prepareKey === undefined) return unnamed;
		let texts = this.#names.get(prepareKey);
		const known = texts?.get(sql);
		if (known !== undefined) {
			known.used = ++this.#clock;
			return { name: known.name, parse: false, fields: known.fields, entry: known };
		}
		if (!texts) {
			texts = new Map();
			this.#names.set(prepareKey, texts);
		}
		const name = `${this.prefix}${this.#next++}`;
		const entry: Entry = { name, used: ++this.#clock };
		texts.set(sql, entry);
		if (++this.#size > this.limit) this.#evictOldest();
		return { name, parse: true, fields: undefined, entry };
	}

	/** A run under `use` was described as returning `fields`. */
	described(use: NameUse, fields: readonly Field[]): void {
		if (use.entry) use.entry.fields = fields;
	}

	#evictOldest(): void {
		let oldest: { texts: Map<string, Entry>; sql: string; entry: Entry } | undefined;
		for (const texts of this.#names.values())
			for (const [sql, entry] of texts)
				if (!oldest || entry.used < oldest.entry.used) oldest = { texts, sql, entry };
		if (!oldest) return;
		this.#remove(oldest.texts, oldest.sql);
		this.#closing.push(oldest.entry.name);
	}

	#remove(texts: Map<string, Entry>, sql: string): void {
		texts.delete(sql);
		this.#size--;
		if (texts.size > 0) return;
		for (const [key, value] of this.#names) if (value === texts) this.#names.delete(key);
	}

	/**
	 * A batch failed after asking for `parsed`: whether each was created is unknown, so they are
	 * forgotten and closed before the next batch.
	 */
	forget(parsed: string[]): void {
		if (parsed.length === 0) return;
		const doubtful = new Set(parsed);
		for (const texts of [...this.#names.values()])
			for (const [sql, entry] of [...texts]) if (doubtful.has(entry.name)) this.#remove(texts, sql);
		this.#closing.push(...parsed);
	}

	/** The names to close before the next batch (each returned once). */
	takeClosing(): string[] {
		const closing = this.#closing;
		this.#closing = [];
		return closing;
	}
}
