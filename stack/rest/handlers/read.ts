// GET and HEAD on a table or view: the read plan as one statement, with counts and ranges answered
// as PostgREST does (Content-Range, 206, 416).
import { key, type Catalog, type QualifiedName, type Relation } from '../catalog';
import { tableNotFound } from '../errors';
import { buildReadPlan, closest, type ReadNode } from '../plan';
import { preferenceApplied } from '../parse';
import type { RestRequest } from '../request';
import { explainCountSql, mainReadSql, Params, type CountOptions } from '../sql';
import { contentHeaders, outcomeCheck, outOfBounds, rangeStatus, toCount } from './common';
import { negotiate } from './negotiate';
import { explainedIf } from './plan';
import type { MainRow, Prepared, Statement } from './types';

export interface ReadConfig {
	maxRows?: number;
}

/** The table or view a request names, or PGRST205 with PostgREST's "Perhaps you meant" hint. */
export function findRelation(catalog: Catalog, target: QualifiedName): Relation {
	const relation = catalog.relations.get(key(target.schema, target.name));
	if (relation) return relation;
	const names = [...catalog.relations.values()]
		.filter((r) => r.schema === target.schema)
		.map((r) => r.name);
	throw tableNotFound(target.schema, target.name, closest(target.name, names, 0.75));
}

/** The EXPLAIN statement planned and estimated counts need. */
export function explainFor(root: ReadNode, count: CountOptions['mode']): Statement | undefined {
	if (count !== 'planned' && count !== 'estimated') return undefined;
	const p = new Params();
	return { sql: explainCountSql(root, p), params: p.values };
}

/** The total a count preference reports, from the counted total and the planner's estimate. */
export function totalFor(
	count: CountOptions['mode'],
	row: MainRow,
	planned: number | undefined,
	maxRows: number | undefined
): number | undefined {
	const counted = toCount(row.total_result_set);
	if (count === 'planned') return planned;
	if (count === 'estimated' && counted !== undefined && maxRows !== undefined && counted > maxRows)
		return Math.max(counted, planned ?? 0);
	return counted;
}

export function prepareRead(request: RestRequest, catalog: Catalog, config: ReadConfig): Prepared {
	const target = { schema: request.schema, name: request.resource.name };
	findRelation(catalog, target);
	const negotiated = negotiate(request.headers.accept, catalog.dbConfig);
	const head = request.method === 'HEAD';
	const root = buildReadPlan({
		catalog,
		schema: request.schema,
		target,
		rootKind: 'read',
		params: request.params,
		rootFilters: true,
		maxRows: config.maxRows,
		offset: request.offset,
		limit: request.limit,
		ranges: true
	});
	const count = request.prefer.count;
	const p = new Params();
	const sql = mainReadSql(
		root,
		head ? 'none' : negotiated.format,
		{
			mode: count,
			paged: config.maxRows !== undefined || request.offset > 0 || request.limit !== undefined,
			maxRows: config.maxRows
		},
		p
	);

	return explainedIf(
		{
			readOnly: true,
			main: { sql, params: p.values },
			explain: explainFor(root, count),
			check: outcomeCheck(negotiated),
			respond({ row, planned }) {
				const total = totalFor(count, row, planned, config.maxRows);
				const { status, contentRange } = rangeStatus(request.offset, Number(row.page_total), total);
				const canonical = request.params.canonical;
				const applied = preferenceApplied({
					count,
					tx: request.prefer.tx,
					handling: request.prefer.handling,
					timezone: request.prefer.timezone
				});
				return {
					status,
					headers: {
						'Content-Range': contentRange,
						'Content-Location': `/${target.name}${canonical ? `?${canonical}` : ''}`,
						...contentHeaders(request, negotiated),
						...(applied ? { 'Preference-Applied': applied } : {})
					},
					body:
						status === 416
							? JSON.stringify(outOfBounds(request.offset, total).body)
							: head
								? undefined
								: row.body
				};
			}
		},
		negotiated,
		request
	);
}
