// The main statement of each request, as PostgREST's Statements.hs shapes it: the work in a
// `pgrst_source` CTE, then one row with the total count, the page count, the response body built in
// SQL (json_agg / CSV), and the response.headers / response.status a function may have set.
import type { Routine } from '../catalog';
import { returnsScalar, returnsSetOfScalar } from '../catalog';
import type { ReadNode } from '../plan';
import { type Params } from './fragments';
import { insertedCountSql } from './mutate';
import { countSql, readSql } from './read';

/** How the body is rendered: JSON array, single object, CSV, or nothing (HEAD, minimal). */
export type BodyFormat = 'json' | 'json-stripped' | 'object' | 'object-stripped' | 'csv' | 'none';

export type CountMode = 'exact' | 'planned' | 'estimated' | undefined;

const responseGucs = `nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status`;

const csvSql = `(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM (SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a) || '\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), '\n'), '')`;

function bodySql(format: BodyFormat, routine?: Routine): string {
	const scalar = routine !== undefined && returnsScalar(routine);
	const setOfScalar = routine !== undefined && returnsSetOfScalar(routine);
	const singleComposite =
		routine !== undefined && !routine.returns.setOf && routine.returns.composite;
	const value = scalar || setOfScalar ? '_postgrest_t.pgrst_scalar' : '_postgrest_t';
	const strip = (sql: string, stripped: boolean) => (stripped ? `json_strip_nulls(${sql})` : sql);
	switch (format) {
		case 'none':
			return `''::text`;
		case 'csv':
			return csvSql;
		case 'object':
		case 'object-stripped':
			return `coalesce(${strip(`json_agg(${value})->0`, format === 'object-stripped')}, 'null')::text`;
		case 'json':
		case 'json-stripped': {
			const stripped = format === 'json-stripped';
			if (scalar || singleComposite)
				return `coalesce(${strip(`json_agg(${value})->0`, stripped)}, 'null')::text`;
			return `coalesce(${strip(`json_agg(${value})`, stripped)}, '[]')::text`;
		}
	}
}

export interface CountOptions {
	mode: CountMode;
	/** db-max-rows or a limit/offset applies, so the page is not the whole result. */
	paged: boolean;
	maxRows?: number;
}

/** The count CTE (if any) and the total_result_set expression (PostgREST's countF). */
function countParts(root: ReadNode, count: CountOptions, pageCount: string, p: Params) {
	if (count.mode !== 'exact' && count.mode !== 'estimated')
		return { cte: '', total: 'null::bigint' };
	if (!count.paged) return { cte: '', total: pageCount };
	const limit =
		count.mode === 'estimated' && count.maxRows !== undefined ? ` LIMIT ${count.maxRows + 1}` : '';
	return {
		cte: `, pgrst_source_count AS (${countSql(root, p)}${limit})`,
		total: '(SELECT pg_catalog.count(*) FROM pgrst_source_count)'
	};
}

export function mainReadSql(root: ReadNode, format: BodyFormat, count: CountOptions, p: Params) {
	const pageCount = 'pg_catalog.count(_postgrest_t)';
	const source = readSql(root, p);
	const { cte, total } = countParts(root, count, pageCount, p);
	return `WITH pgrst_source AS ( ${source} )${cte} SELECT ${total} AS total_result_set, ${pageCount} AS page_total, ${bodySql(format)} AS body, ${responseGucs} FROM ( SELECT * FROM pgrst_source ) _postgrest_t`;
}

export interface WriteOptions {
	/** Report the first row as JSON so the Location header can name its primary key. */
	location: boolean;
	/** Report how many upserted rows were inserted rather than updated. */
	countInserted: boolean;
}

export function mainWriteSql(
	mutation: string,
	root: ReadNode,
	format: BodyFormat,
	options: WriteOptions,
	p: Params
) {
	const select = format === 'none' ? 'SELECT * FROM pgrst_source' : readSql(root, p);
	const location = options.location
		? `CASE WHEN pg_catalog.count(_postgrest_t) = 1 THEN (SELECT row_to_json(_)::text FROM pgrst_source AS _ LIMIT 1) END`
		: 'null::text';
	const inserted = options.countInserted ? insertedCountSql : 'null::int';
	return `WITH pgrst_source AS (${mutation}) SELECT null::bigint AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, ${location} AS location, ${bodySql(format)} AS body, ${responseGucs}, ${inserted} AS response_inserted FROM (${select}) _postgrest_t`;
}

export function mainCallSql(
	call: string,
	routine: Routine,
	root: ReadNode,
	format: BodyFormat,
	count: CountOptions,
	p: Params
) {
	const pageCount = routine.returns.setOf ? 'pg_catalog.count(_postgrest_t)' : '1';
	const select = readSql(root, p);
	const { cte, total } = countParts(root, count, pageCount, p);
	return `WITH pgrst_source AS (${call})${cte} SELECT ${total} AS total_result_set, ${pageCount} AS page_total, ${bodySql(format, routine)} AS body, ${responseGucs} FROM (${select}) _postgrest_t`;
}

/** EXPLAIN of the count query, for `Prefer: count=planned|estimated`. */
export const explainCountSql = (root: ReadNode, p: Params) =>
	`EXPLAIN (FORMAT JSON) ${countSql(root, p)}`;
