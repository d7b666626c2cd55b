// /rpc/fn: the function chosen by argument names, called with named arguments (JSON body, form or
// query string), its result read like a table (filters, order, ranges, embeds for table types);
// read-only for GET/HEAD and stable or immutable functions; 204 for void.
import { returnsVoid, type Catalog, type Routine } from '../catalog';
import { buildReadPlan, findRoutine } from '../plan';
import { preferenceApplied } from '../parse';
import type { JsonPayload, RestRequest } from '../request';
import { callSql, mainCallSql, Params, type CallArguments } from '../sql';
import { contentHeaders, outcomeCheck, outOfBounds, rangeStatus } from './common';
import { negotiate } from './negotiate';
import { explainedIf } from './plan';
import { explainFor, totalFor } from './read';
import type { Prepared } from './types';

function callArguments(
	routine: Routine,
	request: RestRequest,
	payload: JsonPayload | undefined
): CallArguments {
	const single = routine.params.length === 1 && routine.params[0].name === '';
	if (payload && !payload.form) {
		if (single) return { kind: 'whole', json: payload.json, type: routine.params[0].type };
		const given = new Set(payload.keys);
		return {
			kind: 'json',
			json: payload.json,
			isObject: payload.isObject,
			params: routine.params.filter((param) => given.has(param.name))
		};
	}
	const values = new Map<string, string[]>();
	for (const [name, value] of request.params.rpcArgs)
		values.set(name, [...(values.get(name) ?? []), value]);
	for (const [name, list] of payload?.form ?? []) values.set(name, list);
	return {
		kind: 'direct',
		values,
		params: routine.params.filter((param) => values.has(param.name))
	};
}

export function prepareCall(
	request: RestRequest,
	catalog: Catalog,
	payload: JsonPayload | undefined,
	maxRows: number | undefined
): Prepared {
	const argumentNames = payload
		? payload.keys
		: [...new Set(request.params.rpcArgs.map(([name]) => name))];
	const routine = findRoutine(
		catalog,
		request.schema,
		request.resource.name,
		new Set(argumentNames),
		payload !== undefined && !payload.form
	);
	const negotiated = negotiate(request.headers.accept, catalog.dbConfig);
	const head = request.method === 'HEAD';
	const root = buildReadPlan({
		catalog,
		schema: request.schema,
		target: {
			schema: routine.schema,
			name: routine.returns.composite ? routine.returns.type.name : routine.name
		},
		rootKind: 'source',
		params: request.params,
		rootFilters: true,
		maxRows,
		offset: request.offset,
		limit: request.limit,
		ranges: true
	});
	const count = request.prefer.count;
	const p = new Params();
	const call = callSql(routine, callArguments(routine, request, payload), p);
	const sql = mainCallSql(
		call,
		routine,
		root,
		head ? 'none' : negotiated.format,
		{
			mode: count,
			paged: maxRows !== undefined || request.offset > 0 || request.limit !== undefined,
			maxRows
		},
		p
	);

	return explainedIf(
		{
			readOnly: request.method !== 'POST' || routine.volatility !== 'volatile',
			main: { sql, params: p.values },
			explain: explainFor(root, count),
			check: outcomeCheck(negotiated, request.prefer),
			respond({ row, planned }) {
				const total = totalFor(count, row, planned, maxRows);
				const { status, contentRange } = rangeStatus(request.offset, Number(row.page_total), total);
				const applied = preferenceApplied({
					count,
					tx: request.prefer.tx,
					handling: request.prefer.handling,
					timezone: request.prefer.timezone,
					maxAffected: request.prefer.maxAffected
				});
				const headers: Record<string, string> = {
					'Content-Range': contentRange,
					...(applied ? { 'Preference-Applied': applied } : {})
				};
				if (returnsVoid(routine)) return { status: 204, headers };
				return {
					status,
					headers: { ...headers, ...contentHeaders(request, negotiated) },
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
