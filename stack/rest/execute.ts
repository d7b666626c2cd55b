// Runs a prepared request in one transaction, as PostgREST does: the settings statement, the main
// statement, then (for planned counts) the EXPLAIN; checks that fail roll it back. A function may
// override the status and headers through response.status and response.headers.
import type { Database } from '../db';
import { fromPostgresError, gucHeadersError, gucStatusError } from './errors';
import type { MainRow, Prepared, RestResponse } from './handlers/types';
import { settingsSql, type RequestSettings } from './sql';

function plannedRows(explain: unknown): number | undefined {
	const plan = (explain as { Plan?: { 'Plan Rows'?: number } }[] | undefined)?.[0]?.Plan;
	return typeof plan?.['Plan Rows'] === 'number' ? plan['Plan Rows'] : undefined;
}

function applyOverrides(response: RestResponse, row: MainRow): RestResponse {
	let { status } = response;
	if (row.response_status !== null) {
		const parsed = /^[0-9]+$/.test(row.response_status) ? Number(row.response_status) : NaN;
		if (!(parsed >= 100 && parsed <= 599)) throw gucStatusError();
		status = parsed;
	}
	if (row.response_headers === null) return { ...response, status };
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
	return { ...response, status, headers: { ...kept, ...overrides } };
}

/**
 * @param authenticated the role is not anon: a 42501 is then 403 rather than 401, as in PostgREST.
 */
export async function execute(
	db: Database,
	settings: RequestSettings,
	prepared: Prepared,
	authenticated: boolean
): Promise<RestResponse> {
	const set = settingsSql(settings);
	let outcome: { row: MainRow; planned: number | undefined };
	try {
		outcome = await db.transaction(
			async (tx) => {
				await tx.query(set.sql, set.params.values);
				const { rows } = await tx.query<MainRow>(prepared.main.sql, prepared.main.params);
				const row = rows[0];
				prepared.check(row);
				let planned: number | undefined;
				if (prepared.explain) {
					const explained = await tx.query<{ 'QUERY PLAN': unknown }>(
						prepared.explain.sql,
						prepared.explain.params
					);
					planned = plannedRows(explained.rows[0]?.['QUERY PLAN']);
				}
				return { row, planned };
			},
			{ readOnly: prepared.readOnly }
		);
	} catch (error) {
		throw fromPostgresError(error, authenticated) ?? error;
	}
	return applyOverrides(prepared.respond(outcome.row, outcome.planned), outcome.row);
}
