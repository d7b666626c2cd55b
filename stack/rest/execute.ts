// Runs a prepared request in one transaction, as PostgREST does: the settings statement, the main
// statement, then (for planned counts) the EXPLAIN, sent as one batch; checks that fail roll it back,
// and so does db-tx-end or `Prefer: tx=rollback` (after checking deferred constraints, so the answer
// says what a commit would have said). A function may override the status and headers through
// response.status and response.headers.
import type { Database, Queryable, Statement } from '../db';
import { fromPostgresError, gucHeadersError, gucStatusError } from './errors';
import type { MainRow, Outcome, Prepared, RestResponse } from './handlers/types';
import { settingsSql, type RequestSettings } from './sql';

function plannedRows(explain: unknown): number | undefined {
	const plan = (explain as { Plan?: { 'Plan Rows'?: number } }[] | undefined)?.[0]?.Plan;
	return typeof plan?.['Plan Rows'] === 'number' ? plan['Plan Rows'] : undefined;
}

function applyOverrides(response: RestResponse, row: MainRow): RestResponse {
	let { status } = response;
	if (row.response_status != null) {
		const parsed = /^[0-9]+$/.test(row.response_status) ? Number(row.response_status) : NaN;
		if (!(parsed >= 100 && parsed <= 599)) throw gucStatusError();
		status = parsed;
	}
	if (row.response_headers == null)
		return status === response.status ? response : { ...response, status };
	let list: unknown;
	try {
		list = JSON.parse(row.response_headers);
	} catch {
		throw gucHeadersError();
	}
	const valid =
		Array.isArray(list) &&
		list.every(
			(item) =>
				item !== null &&
				typeof item === 'object' &&
				Object.keys(item).length === 1 &&
				typeof Object.values(item)[0] === 'string'
		);
	if (!valid) throw gucHeadersError();
	const overrides = Object.fromEntries(
		(list as Record<string, string>[]).map((item) => Object.entries(item)[0])
	);
	const lower = new Set(Object.keys(overrides).map((k) => k.toLowerCase()));
	const kept = Object.fromEntries(
		Object.entries(response.headers).filter(([k]) => !lower.has(k.toLowerCase()))
	);
	return { ...response, status, headers: { ...kept, ...overrides }, headersFromSql: true };
}

export interface ExecuteOptions {
	settings: RequestSettings;
	/** The role is not anon: a 42501 is then 403 rather than 401, as in PostgREST. */
	authenticated: boolean;
	/**
	 * Names the schema version the statements were built against: they stay prepared on each
	 * connection under it, and a new version prepares them afresh.
	 */
	version: string;
	/** End the transaction in a rollback whatever happens. */
	rollback: boolean;
}

const checkDeferredConstraints: Statement = { sql: 'SET CONSTRAINTS ALL IMMEDIATE' };

/** The batch, its checks, and the outcome: the main statement is second, the EXPLAIN last. */
async function run(q: Queryable, statements: Statement[], prepared: Prepared): Promise<Outcome> {
	const answer = q.batch(statements);
	prepared.meanwhile?.();
	const results = await answer;
	const { rows } = results[1];
	const row = rows[0] as unknown as MainRow;
	prepared.check?.(row);
	const plan = prepared.explain
		? results[statements.length - 1].rows[0]?.['QUERY PLAN']
		: undefined;
	return { row, rows, planned: plan === undefined ? undefined : plannedRows(plan) };
}

export async function execute(
	db: Database,
	prepared: Prepared,
	{ settings, authenticated, version, rollback }: ExecuteOptions
): Promise<RestResponse> {
	const set = settingsSql(settings);
	// PostgreSQL plans a statement under row level security for one role, and rewrites and plans it
	// again whenever another role runs it: kept prepared per role, each keeps its plan.
	const perRole = `${version} ${settings.role}`;
	const { main } = prepared;
	const statements: Statement[] = [
		{ sql: set.sql, params: set.params, prepareKey: version },
		{ sql: main.sql, params: main.params, rawText: main.rawText, prepareKey: perRole }
	];
	if (rollback) statements.push(checkDeferredConstraints);
	if (prepared.explain) statements.push({ ...prepared.explain, prepareKey: perRole });
	// One round trip: the statements share one transaction, which the first error rolls back. Only a
	// check whose failure must undo the statements, or a rollback on purpose, needs the transaction
	// held open.
	let outcome: Outcome;
	try {
		const held = rollback || (prepared.check !== undefined && !prepared.checkAfterCommit);
		outcome = held
			? await db.transaction((q) => run(q, statements, prepared), { rollback })
			: await run(db, statements, prepared);
	} catch (error) {
		throw fromPostgresError(error, authenticated) ?? error;
	}
	return applyOverrides(prepared.respond(outcome), outcome.row);
}
