// A batch on a `pg` client as one extended-protocol exchange: Parse/Bind/Describe/Execute for each
// statement and a single Sync, written to the socket at once (no Describe for a statement already
// prepared and described on the connection: its columns are known, see prepared-names.ts).
// Statements before one Sync run in one transaction (an implicit one, or the caller's), and the
// server skips the rest after an error, so a batch is all or nothing in one round trip. `pg` lets a
// query object drive the protocol itself (its Submittable interface, as pg-cursor does); this one
// parses rows with the stack's parsers. It runs every portal to completion before its Sync, as `pg`'s
// own Query does, so it may share a pipelined connection (see postgres-pipeline.ts). There, several
// batches are in flight at once: a name whose Parse has not been answered is not lent to a batch
// behind it, which parses that text unnamed instead, because the first batch may fail before its
// Parse runs, and then the name never exists.
import pg from 'pg';
import { pgParser } from './parsers';
import { PreparedNames, type NameUse } from './prepared-names';
import type { Field, QueryResult, SqlParam, Statement } from './types';

/** The part of `pg`'s wire connection a batch writes with (one message per call). */
interface WireConnection {
	stream: { cork(): void; uncork(): void; destroy(): void };
	parse(message: { text: string; name: string }): void;
	bind(message: { statement: string; values: (string | Buffer | null)[] }): void;
	describe(message: { type: 'P'; name: string }): void;
	execute(message: { portal: string }): void;
	close(message: { type: 'S'; name: string }): void;
	sync(): void;
}

/** Text the way `pg` sends each parameter type; bytes go binary. */
export function wireValue(value: SqlParam): string | Buffer | null {
	if (value === null) return null;
	if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
	return String(value);
}

/** The affected-row count of a command tag: `INSERT 0 5`, `UPDATE 3`; none for reads and others. */
export function affectedRowsOf(tag: string): number {
	if (tag.startsWith('SELECT ') || !/ [0-9]+$/.test(tag)) return 0;
	return Number(tag.slice(tag.lastIndexOf(' ') + 1));
}

const text = (value: string) => value;

/**
 * Whether a batch's error ended its connection: the server's FATAL or PANIC (its backend was
 * terminated) or an error of the client's (the socket closed, a COPY in the batch). The socket's
 * end may come a turn later, and until then the connection must take no other batch.
 */
export function endsConnection(error: unknown): boolean {
	if (!(error instanceof pg.DatabaseError)) return true;
	return error.severity === 'FATAL' || error.severity === 'PANIC';
}

/** A connection's prepared names, and those parsed by batches still in flight on it. */
interface ConnectionNames {
	names: PreparedNames;
	parsing: Set<string>;
}

const namesByClient = new WeakMap<pg.ClientBase, ConnectionNames>();

// `pg` lets only its own Query into a pipelined connection (other query objects may keep a portal
// open across round trips; a batch never does). Its typings declare `submit` as a property, which a
// subclass cannot define as a method, hence the plain constructor type.
const QueryBase = pg.Query as unknown as new (config: object) => object;

class Batch extends QueryBase {
	readonly #results: QueryResult[] = [];
	readonly #uses: NameUse[] = [];
	#fields: readonly Field[] = [];
	#parsers: ((value: string) => unknown)[] = [];
	#rows: Record<string, unknown>[] = [];
	readonly #parsed: string[] = [];
	#failed = false;

	constructor(
		private readonly statements: Statement[],
		private readonly connectionNames: ConnectionNames,
		private readonly resolve: (results: QueryResult[]) => void,
		private readonly reject: (error: unknown) => void
	) {
		super({});
	}

	submit(connection: WireConnection): null {
		connection.stream.cork();
		try {
			const { names } = this.connectionNames;
			for (const name of names.takeClosing()) connection.close({ type: 'S', name });
			for (const statement of this.statements) {
				const use = this.#use(statement);
				const { name } = use;
				this.#uses.push(use);
				if (use.parse) {
					connection.parse({ text: statement.sql, name });
					if (name) this.#parsed.push(name);
				}
				connection.bind({ statement: name, values: (statement.params ?? []).map(wireValue) });
				if (use.fields === undefined) connection.describe({ type: 'P', name: '' });
				connection.execute({ portal: '' });
			}
			connection.sync();
		} finally {
			connection.stream.uncork();
		}
		this.#expect(0);
		return null;
	}

	/** The name to run `statement` under; one still being parsed by a batch ahead is not lent. */
	#use(statement: Statement): NameUse {
		const { names, parsing } = this.connectionNames;
		const use = names.use(statement);
		if (!use.parse && parsing.has(use.name)) return names.use({ sql: statement.sql });
		if (use.parse && use.name) parsing.add(use.name);
		return use;
	}

	/** The batch is over: its Parses are answered, one way or the other. */
	#settle(): void {
		for (const name of this.#parsed) this.connectionNames.parsing.delete(name);
	}

	/** Statement `index` answers next: its columns, when known, come without a RowDescription. */
	#expect(index: number): void {
		const fields = this.#uses[index]?.fields;
		if (fields !== undefined) this.#columns(index, fields);
	}

	#columns(index: number, fields: readonly Field[]): void {
		const raw = this.statements[index]?.rawText === true;
		this.#fields = fields;
		this.#parsers = fields.map((field) => (raw ? text : pgParser(field.dataTypeID)));
	}

	handleRowDescription(message: { fields: Field[] }): void {
		const index = this.#results.length;
		const fields = message.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID }));
		this.connectionNames.names.described(this.#uses[index], fields);
		this.#columns(index, fields);
	}

	handleDataRow(message: { fields: (string | null)[] }): void {
		const row: Record<string, unknown> = {};
		const values = message.fields;
		for (let i = 0; i < values.length; i++) {
			const value = values[i];
			row[this.#fields[i].name] = value === null ? null : this.#parsers[i](value);
		}
		this.#rows.push(row);
	}

	handleCommandComplete(message: { text: string }): void {
		this.#results.push({
			rows: this.#rows,
			fields: [...this.#fields],
			affectedRows: affectedRowsOf(message.text)
		});
		this.#fields = [];
		this.#parsers = [];
		this.#rows = [];
		this.#expect(this.#results.length);
	}

	handleEmptyQuery(): void {
		this.#results.push({ rows: [], fields: [], affectedRows: 0 });
		this.#expect(this.#results.length);
	}

	handlePortalSuspended(): void {}

	// In copy-in mode the server ignores a Sync: this batch's is gone, and the answers on the connection
	// would no longer line up with the batches sent after it. The connection ends (`pg` fails whatever
	// else was in flight on it; the pool and the pipeline replace it).
	handleCopyInResponse(connection: WireConnection): void {
		this.handleError(new Error('COPY FROM STDIN is not supported in a batch'));
		connection.stream.destroy();
	}

	handleCopyData(): void {}

	handleError(error: unknown): void {
		if (this.#failed) return;
		this.#failed = true;
		this.#settle();
		this.connectionNames.names.forget(this.#parsed);
		this.reject(error);
	}

	handleReadyForQuery(): void {
		if (this.#failed) return;
		this.#settle();
		this.resolve(this.#results);
	}
}

/** Runs `statements` on `client` as one batch (see the file comment). */
export function runBatch(client: pg.ClientBase, statements: Statement[]): Promise<QueryResult[]> {
	let names = namesByClient.get(client);
	if (!names) {
		names = { names: new PreparedNames('stack_batch_'), parsing: new Set() };
		namesByClient.set(client, names);
	}
	const held = names;
	return new Promise((resolve, reject) => {
		client.query(new Batch(statements, held, resolve, reject) as unknown as pg.Submittable);
	});
}
