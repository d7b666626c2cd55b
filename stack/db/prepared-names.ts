// Which statements a connection holds prepared, by name: a bounded, least-recently-used set. Names
// it gives up (evicted, or left in doubt by a failed batch) are closed at the start of the next batch
// on that connection; closing a name the server never created is not an error.
import type { Statement } from './types';

const defaultLimit = 100;

export interface NameUse {
	/** The statement's name on the connection. */
	name: string;
	/** The name is new: the batch must parse the statement under it. */
	parse: boolean;
}

export class PreparedNames {
	readonly #names = new Map<string, string>();
	#closing: string[] = [];
	#next = 0;

	constructor(
		private readonly prefix: string,
		private readonly limit = defaultLimit
	) {}

	/** The name to run `statement` under ('' for the unnamed statement when it is not kept). */
	use(statement: Statement): NameUse {
		if (statement.prepareKey === undefined) return { name: '', parse: true };
		const key = `${statement.prepareKey}\u0000${statement.sql}`;
		const known = this.#names.get(key);
		if (known !== undefined) {
			// Re-inserted so the map's order stays least recently used first.
			this.#names.delete(key);
			this.#names.set(key, known);
			return { name: known, parse: false };
		}
		const name = `${this.prefix}${this.#next++}`;
		this.#names.set(key, name);
		if (this.#names.size > this.limit) {
			const [oldestKey, oldest] = this.#names.entries().next().value as [string, string];
			this.#names.delete(oldestKey);
			this.#closing.push(oldest);
		}
		return { name, parse: true };
	}

	/**
	 * A batch failed after asking for `parsed`: whether each was created is unknown, so they are
	 * forgotten and closed before the next batch.
	 */
	forget(parsed: string[]): void {
		if (parsed.length === 0) return;
		const doubtful = new Set(parsed);
		for (const [key, name] of this.#names) if (doubtful.has(name)) this.#names.delete(key);
		this.#closing.push(...parsed);
	}

	/** The names to close before the next batch (each returned once). */
	takeClosing(): string[] {
		const closing = this.#closing;
		this.#closing = [];
		return closing;
	}
}
