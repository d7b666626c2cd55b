// INSERT (and upsert), UPDATE and DELETE, shaped like PostgREST's mutatePlanToQuery: the JSON body
// is one parameter, turned into rows by json_to_record(set) with the columns' own types.
import type { Column, QualifiedName } from '../catalog';
import type { PlanCondition } from '../plan';
import { conditionSql } from './conditions';
import { column, ident, qualified, type Params } from './fragments';

export interface BodySource {
	/** The JSON body as sent. */
	json: string;
	isObject: boolean;
	/** The columns to read from it, with their types. */
	columns: Column[];
	/** Prefer: missing=default: absent keys take the column default instead of null. */
	applyDefaults: boolean;
	/** Read only the first row (a function's arguments). */
	limitOne?: boolean;
}

/** `FROM (SELECT $1 AS json_data) pgrst_payload, LATERAL (…) pgrst_body`, as PostgREST's fromJsonBodyF. */
export function bodySql(body: BodySource, p: Params): string {
	const payload = p.add(body.json);
	const withDefaults = body.applyDefaults ? body.columns.filter((c) => c.default !== null) : [];
	const useDefaults = body.applyDefaults;
	const defaults = `jsonb_build_object(${withDefaults.map((c) => `${p.add(c.name)}::text, ${c.default}`).join(', ')})`;
	const from = `FROM (SELECT ${payload}::${useDefaults ? 'jsonb' : 'json'} AS json_data) pgrst_payload, `;
	const defaultsJoin = !useDefaults
		? ''
		: body.isObject
			? `LATERAL (SELECT ${defaults} || pgrst_payload.json_data AS val) pgrst_json_defs, `
			: `LATERAL (SELECT jsonb_agg(${defaults} || elem) AS val FROM jsonb_array_elements(pgrst_payload.json_data) elem) pgrst_json_defs, `;
	const source = useDefaults ? 'pgrst_json_defs.val' : 'pgrst_payload.json_data';
	const prefix = useDefaults ? 'jsonb' : 'json';
	let rows: string;
	if (body.columns.length === 0) {
		rows = body.isObject ? '(values(1)) _ ' : `${prefix}_array_elements(${source}) _ `;
	} else {
		const typed = body.columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
		const fn = body.isObject ? `${prefix}_to_record` : `${prefix}_to_recordset`;
		rows = `${fn}(${source}) AS _(${typed}) ${body.limitOne ? 'LIMIT 1' : ''}`;
	}
	const names = body.columns.map((c) => ident(c.name)).join(', ');
	return `${from}${defaultsJoin}LATERAL (SELECT ${names} FROM ${rows}) pgrst_body `;
}

/** Counts upserted rows that were inserted: +1 per row offered, -1 per conflict updated. */
const countInserted = (delta: '+' | '-') =>
	`set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) ${delta} 1)::text, true) <> '${delta === '+' ? '0' : '-1'}'`;

export const insertedCountSql = `nullif(current_setting('pgrst.inserted', true), '')::int`;

export function returningSql(table: QualifiedName, columns: string[]): string {
	if (columns.length === 0) return 'RETURNING 1';
	return `RETURNING ${columns.map((c) => column(table, c)).join(', ')}`;
}

export interface InsertSpec {
	table: QualifiedName;
	body: BodySource;
	onConflict?: { columns: string[]; resolution: 'merge-duplicates' | 'ignore-duplicates' };
	returning: string[];
}

export function insertSql(spec: InsertSpec, p: Params): string {
	const { table, body, onConflict } = spec;
	const names = body.columns.map((c) => ident(c.name));
	const merge = onConflict?.resolution === 'merge-duplicates';
	let sql = `INSERT INTO ${qualified(table)}${names.length ? `(${names.join(', ')}) ` : ' '}`;
	sql += `SELECT ${body.columns.map((c) => `pgrst_body.${ident(c.name)}`).join(', ')} ${bodySql(body, p)}`;
	if (merge) sql += `WHERE ${countInserted('+')}`;
	if (onConflict && onConflict.columns.length > 0) {
		sql += ` ON CONFLICT(${onConflict.columns.map(ident).join(', ')}) `;
		if (onConflict.resolution === 'ignore-duplicates' || names.length === 0) sql += 'DO NOTHING';
		else
			sql += `DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}${merge ? ` WHERE ${countInserted('-')}` : ''}`;
	}
	return `${sql} ${returningSql(table, spec.returning)}`;
}

export interface UpdateSpec {
	table: QualifiedName;
	body: BodySource;
	where: PlanCondition[];
	returning: string[];
}

const whereSql = (table: QualifiedName, where: PlanCondition[], p: Params) =>
	where.length === 0
		? ''
		: ` WHERE ${where.map((c) => conditionSql(table, c, p, () => 'TRUE')).join(' AND ')}`;

export function updateSql(spec: UpdateSpec, p: Params): string {
	const { table, body } = spec;
	if (body.columns.length === 0) {
		const columns = spec.returning.length
			? spec.returning.map((c) => column({ name: table.name }, c)).join(', ')
			: 'NULL';
		return `SELECT ${columns} FROM ${qualified(table)} WHERE false`;
	}
	const sets = body.columns.map((c) => `${ident(c.name)} = pgrst_body.${ident(c.name)}`).join(', ');
	return `UPDATE ${qualified(table)} SET ${sets} ${bodySql(body, p)}${whereSql(table, spec.where, p)} ${returningSql(table, spec.returning)}`;
}

export interface DeleteSpec {
	table: QualifiedName;
	where: PlanCondition[];
	returning: string[];
}

export const deleteSql = (spec: DeleteSpec, p: Params) =>
	`DELETE FROM ${qualified(spec.table)}${whereSql(spec.table, spec.where, p)} ${returningSql(spec.table, spec.returning)}`;
