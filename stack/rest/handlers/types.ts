// What each handler prepares for the transaction runner, and what it answers with.
import type { SqlParam } from '../../db';

export interface Statement {
	sql: string;
	params: SqlParam[];
	rawText?: boolean;
}

/** The one row every main statement returns. */
export interface MainRow {
	total_result_set: number | string | null;
	page_total: number | string;
	body: string;
	response_headers: string | null;
	response_status: string | null;
	location?: string | null;
	response_inserted?: number | null;
}

export interface RestResponse {
	status: number;
	headers: Record<string, string>;
	/** Undefined: no body at all (HEAD, 204). */
	body?: string;
	/**
	 * Some headers were set by SQL (response.headers): they may name any header, one the service
	 * adds too, which Node must then merge.
	 */
	headersFromSql?: boolean;
}

/** What the transaction gave back: the main statement's rows, and the planner's count if asked. */
export interface Outcome {
	row: MainRow;
	rows: Record<string, unknown>[];
	planned: number | undefined;
}

export interface Prepared {
	readOnly: boolean;
	main: Statement;
	/** EXPLAIN of the count query, for planned and estimated counts. */
	explain?: Statement;
	/**
	 * Checks made inside the transaction; throwing rolls it back (single object, max-affected).
	 * Absent when none applies: the statements then run as one batch with no transaction held open.
	 */
	check?: (row: MainRow) => void;
	/**
	 * The statements only read tables and views in a read-only transaction, so committing keeps
	 * nothing a rollback would undo (but a NOTIFY from a function a view calls, which a read-only
	 * transaction allows): a check then runs on the committed batch's outcome, in the one round
	 * trip, instead of holding the transaction open for a second one.
	 */
	checkAfterCommit?: boolean;
	/**
	 * Work towards the answer that needs nothing from the database (headers, say), run while the
	 * statements are out rather than after they answer, when the request waits for it. It must not
	 * throw: the statements' answer is not awaited yet.
	 */
	meanwhile?(): void;
	respond(outcome: Outcome): RestResponse;
}
