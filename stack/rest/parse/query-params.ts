// Splits a query string into PostgREST's parts: select, filters, logic trees, orders, limits and
// offsets (each possibly on an embedded resource), columns, on_conflict, and function arguments.
import { isFilterValue, parseLogic, parseOpExpr, parseTreePath } from './filter';
import { fieldName, parseWith } from './grammar';
import { parseOrder } from './order';
import { parseSelect } from './select';
import type { EmbedPath, QueryParams } from './types';

const reserved = new Set(['select', 'columns', 'on_conflict']);
const embeddable = new Set(['order', 'limit', 'offset', 'and', 'or']);

/** The key of an embed path in {@link QueryParams.ranges}. */
export const pathKey = (path: EmbedPath) => path.join('\u0000');

const lastSegment = (key: string) => key.slice(key.lastIndexOf('.') + 1);

const integer = (text: string) => (/^\s*-?[0-9]+\s*$/.test(text) ? Number(text) : undefined);

const columnList = (text: string, what: string) =>
	parseWith(text, what, (c) => {
		const names: string[] = [];
		for (;;) {
			c.skipSpaces();
			const name = fieldName(c);
			if (name === undefined) return undefined;
			names.push(name);
			c.skipSpaces();
			if (!c.eat(',')) return names;
		}
	});

const encode = (text: string) =>
	encodeURIComponent(text).replace(
		/[!'()*]/g,
		(ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`
	);

/**
 * @param isRpcRead a GET/HEAD function call, whose non-filter parameters are its arguments.
 */
export function parseQueryParams(search: URLSearchParams, isRpcRead: boolean): QueryParams {
	const params = [...search].filter(([key]) => key !== 'apikey');
	const result: QueryParams = {
		select: parseSelect(search.get('select') ?? '*'),
		filters: [],
		logic: [],
		order: [],
		ranges: new Map(),
		rpcArgs: [],
		canonical: [...params]
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([k, v]) => `${encode(k)}=${encode(v)}`)
			.join('&')
	};
	const columns = search.get('columns');
	if (columns !== null) result.columns = columnList(columns, 'columns parameter');
	const onConflict = search.get('on_conflict');
	if (onConflict !== null) result.onConflict = columnList(onConflict, 'on_conflict parameter');

	for (const [key, value] of params) {
		if (reserved.has(key)) continue;
		const last = lastSegment(key);
		if (embeddable.has(last)) {
			if (last === 'and' || last === 'or') {
				result.logic.push(parseLogic(key, value));
				continue;
			}
			const { path } = parseTreePath(key);
			if (last === 'order') {
				result.order.push({ path, terms: parseOrder(value) });
				continue;
			}
			const range = result.ranges.get(pathKey(path)) ?? {};
			const n = integer(value);
			if (n !== undefined) range[last as 'limit' | 'offset'] = n;
			result.ranges.set(pathKey(path), range);
			continue;
		}
		if (isRpcRead && !isFilterValue(value)) {
			result.rpcArgs.push([parseTreePath(key).field.name, value]);
			continue;
		}
		const { path, field } = parseTreePath(key);
		result.filters.push({ path, filter: { field, expr: parseOpExpr(value) } });
	}
	return result;
}
