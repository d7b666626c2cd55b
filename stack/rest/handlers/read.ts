// GET and HEAD on a table or view: the read plan as one statement, with counts and ranges answered
// as PostgREST does (Content-Range, 206, 416).
import type { LRUCache } from 'lru-cache';
import { key, type Catalog, type QualifiedName, type Relation } from '../catalog';
import { tableNotFound } from '../errors';
import { buildReadPlan, closest, type ReadNode } from '../plan';
import { canonicalQuery, preferenceApplied } from '../parse';
import type { RestRequest } from '../request';
import {
	bindParams,
	explainCountSql,
	mainReadSql,
	operandOf,
	Params,
	type CountOptions,
	type ParamSource
} from '../sql';
import { contentHeaders, outcomeCheck, outOfBounds, rangeStatus, toCount } from './common';
import { negotiate, type Negotiated } from './negotiate';
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

/** What a read's shape decides: planned once per shape (and schema version), then only bound. */
export interface ReadShape {
	negotiated: Negotiated;
	main: { sql: string; sources: ParamSource[] };
	/** The EXPLAIN behind planned and estimated counts. */
	explain?: { sql: string; sources: ParamSource[] };
	check?: (row: MainRow) => void;
}

export type ReadShapes = LRUCache<string, ReadShape>;

const part = (text: string) => `${text.length}:${text}`;

/** Everything a read's statements depend on but its filters' operands, length-prefixed. */
function shapeKey(request: RestRequest, catalog: Catalog): string {
	return (
		part(catalog.version) +
		part(request.method) +
		part(request.schema) +
		part(request.negotiatedByProfile ? 'profile' : '') +
		part(request.resource.name) +
		part(request.headers.accept ?? '') +
		part(request.prefer.count ?? '') +
		part(String(request.offset)) +
		part(String(request.limit ?? '')) +
		part(request.params.shape)
	);
}

function planRead(request: RestRequest, catalog: Catalog, config: ReadConfig): ReadShape {
	const target = { schema: request.schema, name: request.resource.name };
	findRelation(catalog, target);
	const negotiated = negotiate(request.headers.accept, catalog.dbConfig);
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
		request.method === 'HEAD' ? 'none' : negotiated.format,
		{
			mode: count,
			paged: config.maxRows !== undefined || request.offset > 0 || request.limit !== undefined,
			maxRows: config.maxRows
		},
		p
	);
	const explain = count === 'planned' || count === 'estimated' ? new Params() : undefined;
	return {
		negotiated,
		main: { sql, sources: p.sources },
		explain: explain && { sql: explainCountSql(root, explain), sources: explain.sources },
		check: outcomeCheck(negotiated)
	};
}

/**
 * @param shapes plans by request shape: a request of a shape seen before is bound to its plan with
 * its own filters' operands, unparsed, unplanned and with the statement text PostgreSQL has prepared.
 */
export function prepareRead(
	request: RestRequest,
	catalog: Catalog,
	config: ReadConfig,
	shapes?: ReadShapes
): Prepared {
	const key = shapes && shapeKey(request, catalog);
	let shape = key === undefined ? undefined : shapes!.get(key);
	if (!shape) {
		shape = planRead(request, catalog, config);
		if (key !== undefined) shapes!.set(key, shape);
	}
	const { negotiated, main, explain } = shape;
	const { filters } = request.params;
	const operands: (string | undefined)[] = [];
	for (const { filter } of filters) operands.push(operandOf(filter.expr));
	const count = request.prefer.count;
	const head = request.method === 'HEAD';
	// Every header but Content-Range, which is first and waits for the answer's row count.
	const answerFree = () => {
		const canonical = canonicalQuery(request.params.entries);
		const applied = preferenceApplied({
			count,
			tx: request.prefer.tx,
			handling: request.prefer.handling,
			timezone: request.prefer.timezone
		});
		const headers = contentHeaders(request, negotiated, {
			'Content-Range': '',
			'Content-Location': `/${request.resource.name}${canonical ? `?${canonical}` : ''}`
		});
		if (applied) headers['Preference-Applied'] = applied;
		return headers;
	};
	let early: Record<string, string> | undefined;
	return explainedIf(
		{
			readOnly: true,
			main: { sql: main.sql, params: bindParams(main.sources, operands) },
			explain: explain && { sql: explain.sql, params: bindParams(explain.sources, operands) },
			check: shape.check,
			checkAfterCommit: true,
			meanwhile() {
				early = answerFree();
			},
			respond({ row, planned }) {
				const total = totalFor(count, row, planned, config.maxRows);
				const { status, contentRange } = rangeStatus(request.offset, Number(row.page_total), total);
				const headers = early ?? answerFree();
				headers['Content-Range'] = contentRange;
				return {
					status,
					headers,
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
