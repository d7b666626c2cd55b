// POST (insert, upsert), PATCH and DELETE on a table or view, answered as PostgREST does: 201/200
// for inserts (200 when an upsert only updated), 204 without a representation, Location for a
// headers-only insert, Content-Range with `*` or the affected count.
import type { Catalog, Column, Relation } from '../catalog';
import { columnNotFound } from '../errors';
import { buildReadPlan, returningColumns, rootConditions } from '../plan';
import { preferenceApplied, type Preferences } from '../parse';
import type { JsonPayload, RestRequest } from '../request';
import { deleteSql, insertSql, mainWriteSql, Params, updateSql, type BodySource } from '../sql';
import { contentHeaders, contentRange, outcomeCheck } from './common';
import { negotiate } from './negotiate';
import { explainedIf } from './plan';
import { findRelation } from './read';
import type { Outcome, Prepared } from './types';

function payloadColumns(relation: Relation, keys: string[]): Column[] {
	return keys.map((name) => {
		const column = relation.columns.get(name);
		if (!column) throw columnNotFound(relation.name, name);
		return column;
	});
}

function bodySource(relation: Relation, payload: JsonPayload, prefer: Preferences): BodySource {
	return {
		json: payload.json,
		isObject: payload.isObject,
		columns: payloadColumns(relation, payload.keys),
		applyDefaults: prefer.missing === 'default'
	};
}

/** `/table?id=eq.1`: the inserted row's primary key, for `Prefer: return=headers-only`. */
function locationOf(table: string, relation: Relation, rowJson: string | null | undefined) {
	if (!rowJson) return undefined;
	const row = JSON.parse(rowJson) as Record<string, unknown>;
	const pairs = Object.entries(row)
		.filter(([name]) => relation.primaryKey.includes(name))
		.map(([name, value]) => {
			const text =
				value === null
					? 'is.null'
					: `eq.${typeof value === 'string' ? value : JSON.stringify(value)}`;
			return `${encodeURIComponent(name)}=${encodeURIComponent(text)}`;
		});
	return pairs.length ? `/${table}?${pairs.join('&')}` : undefined;
}

export function prepareMutation(
	request: RestRequest,
	catalog: Catalog,
	payload: JsonPayload | undefined
): Prepared {
	const table = { schema: request.schema, name: request.resource.name };
	const relation = findRelation(catalog, table);
	const negotiated = negotiate(request.headers.accept, catalog.dbConfig);
	const { prefer, params, method } = request;
	const representation = prefer.return === 'representation';
	const root = buildReadPlan({
		catalog,
		schema: request.schema,
		target: table,
		rootKind: 'source',
		params,
		rootFilters: false,
		offset: 0,
		ranges: false
	});
	const returning =
		prefer.return === 'representation' || prefer.return === 'headers-only'
			? returningColumns(root, relation.primaryKey)
			: [];

	const p = new Params();
	let mutation: string;
	let resolution: Preferences['resolution'];
	if (method === 'POST') {
		const conflictColumns = params.onConflict ?? relation.primaryKey;
		resolution = conflictColumns.length > 0 ? prefer.resolution : undefined;
		mutation = insertSql(
			{
				table,
				body: bodySource(relation, payload!, prefer),
				onConflict: prefer.resolution
					? { columns: conflictColumns, resolution: prefer.resolution }
					: undefined,
				returning
			},
			p
		);
	} else if (method === 'PATCH') {
		mutation = updateSql(
			{
				table,
				body: bodySource(relation, payload!, prefer),
				where: rootConditions(catalog, table, params),
				returning
			},
			p
		);
	} else {
		mutation = deleteSql({ table, where: rootConditions(catalog, table, params), returning }, p);
	}
	const sql = mainWriteSql(
		mutation,
		root,
		representation ? negotiated.format : 'none',
		{
			location: method === 'POST' && prefer.return === 'headers-only',
			countInserted: method === 'POST' && prefer.resolution === 'merge-duplicates'
		},
		p
	);

	const respond = ({ row }: Outcome) => {
		const rows = Number(row.page_total);
		const total = prefer.count ? rows : undefined;
		const applied = preferenceApplied({
			resolution,
			missing: method === 'DELETE' ? undefined : prefer.missing,
			return: prefer.return,
			count: prefer.count,
			tx: prefer.tx,
			handling: prefer.handling,
			timezone: prefer.timezone,
			maxAffected: method === 'POST' ? undefined : prefer.maxAffected
		});
		const headers: Record<string, string> = {
			'Content-Range':
				method === 'PATCH' ? contentRange(0, rows - 1, total) : contentRange(1, 0, total),
			...(applied ? { 'Preference-Applied': applied } : {})
		};
		const location = method === 'POST' ? locationOf(table.name, relation, row.location) : undefined;
		if (location) headers.Location = location;
		// An upsert that only updated answers 200; any other insert 201.
		const onlyUpdated =
			prefer.resolution === 'merge-duplicates' && Number(row.response_inserted ?? 0) <= 0;
		const status = method === 'POST' ? (onlyUpdated ? 200 : 201) : representation ? 200 : 204;
		if (!representation) return { status, headers };
		return {
			status,
			headers: { ...headers, ...contentHeaders(request, negotiated) },
			body: row.body
		};
	};

	return explainedIf(
		{
			readOnly: false,
			main: { sql, params: p.values },
			check: outcomeCheck(negotiated, method === 'POST' ? undefined : prefer),
			respond
		},
		negotiated,
		request
	);
}
