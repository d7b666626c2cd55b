// The one small database interface every stack service uses, over PGlite or a real PostgreSQL.

/** A value a query may bind: callers encode arrays and objects themselves (e.g. JSON text cast in SQL). */
export type SqlParam = string | number | boolean | null | Uint8Array;

/** A column of a result: its name and type. */
export interface Field {
	name: string;
	dataTypeID: number;
}

export interface QueryResult<Row = Record<string, unknown>> {
	rows: Row[];
	fields: Field[];
	/** Rows inserted, updated or deleted by the statement (0 for reads). */
	affectedRows: number;
}

/** One statement of a batch. */
export interface Statement {
	sql: string;
	params?: SqlParam[];
	/**
	 * Keep the statement prepared (named) on the connection, so PostgreSQL parses it once per
	 * connection rather than per call: for texts that repeat. The key and the text name it together.
	 * A prepared statement keeps the parameter and result types it was first analysed with, so change
	 * the key whenever DDL may have changed them (e.g. per schema version). Each connection keeps a
	 * bounded number, dropping the least recently used.
	 */
	prepareKey?: string;
	/** Values come back as the text PostgreSQL sent, unparsed (EXPLAIN's JSON as it printed it). */
	rawText?: boolean;
}

export interface Queryable {
	/** One statement with `$n` parameters. Values come back parsed as `parsers.ts` describes. */
	query<Row = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<QueryResult<Row>>;
	/** Several statements without parameters (simple protocol), e.g. a migration file. */
	exec(sql: string): Promise<void>;
	/**
	 * The statements in order, sent together: one round trip to PostgreSQL, one call into PGlite.
	 * Outside a transaction they form one transaction of their own: committed after the last, or at
	 * the first error the rest skipped, all rolled back and the error thrown. One result per statement.
	 */
	batch(statements: Statement[]): Promise<QueryResult[]>;
}

export interface TransactionOptions {
	readOnly?: boolean;
	/** Roll back even when `work` succeeds (a permission probe, a check that must leave no trace). */
	rollback?: boolean;
}

export type Notify = (payload: string) => void;

/** How one statement of a simple query ended, as libpq reports its result. */
export type SimpleResult =
	{ kind: 'command'; tag: string } | { kind: 'rows'; count: number } | { kind: 'empty' };

/** What a script sent as one simple query did: like `psql -c`, several statements in one go. */
export interface SimpleOutcome {
	/** One result per statement that completed, in order. */
	results: SimpleResult[];
	/** The error that stopped the script; the statements after it were skipped. */
	error?: ServerError;
}

/** An error as the server reported it, with the fields libpq prints. */
export interface ServerError {
	severity: string;
	code: string;
	message: string;
	detail?: string;
	hint?: string;
	position?: string;
	where?: string;
}

export interface Session {
	query<Row = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<QueryResult<Row>>;
	/** Sends `sql` as one simple query (any number of statements, transaction control included). */
	simple(sql: string): Promise<SimpleOutcome>;
}

export interface Database extends Queryable {
	readonly kind: 'pglite' | 'postgres';
	/**
	 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
	 * Never call the outer database from inside `work`: on PGlite that waits for itself.
	 */
	transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
	/**
	 * Runs `work` on a session of its own, as a new connection would give it, and discards whatever
	 * the session changed (settings, role, temporary tables, an open transaction) when it ends. On
	 * PGlite the one connection is held for the duration.
	 */
	session<T>(work: (session: Session) => Promise<T>): Promise<T>;
	/** Calls `onNotify` for each NOTIFY on `channel` (delivered after commit, in commit order). */
	listen(channel: string, onNotify: Notify): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

/** The fields PostgreSQL reports with an error; PGlite and `pg` both throw errors carrying them. */
export interface PostgresError extends Error {
	code: string;
	detail?: string;
	hint?: string;
	position?: string;
	schema?: string;
	table?: string;
	column?: string;
	constraint?: string;
}

export const isPostgresError = (error: unknown): error is PostgresError =>
	error instanceof Error &&
	typeof (error as Error & { code?: unknown }).code === 'string' &&
	/^[0-9A-Z]{5}$/.test((error as Error & { code: string }).code);
