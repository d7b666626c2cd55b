// Splits a query string into PostgREST's parts: select, filters, logic trees, orders, limits and
// offsets (each possibly on an embedded resource), columns, on_conflict, and function arguments.
import { LRUCache } from 'lru-cache';
import { filterShape, isFilterValue, parseLogic, parseOpExpr, parseTreePath } from './filter';
import { fieldName, parseWith } from './grammar';
import { parseOrder } from './order';
import { parseSelect } from './select';
import type { EmbedPath, QueryParams } from './types';

const reserved = new Set(['select', 'columns', 'on_conflict']);

/**
 * A parser's results by text: the same select and order come back with every request of a shape. The
 * results are shared, so nothing downstream may change them.
 */
function remembered<T extends object>(parse: (text: string) => T): (text: string) => T {
	const results = new LRUCache<string, T>({ max: 500 });
	return (text) => {
		let result = results.get(text);
		if (result === undefined) {
			result = parse(text);
			results.set(text, result);
		}
		return result;
	};
}

const selectOf = remembered(parseSelect);
const orderOf = remembered(parseOrder);
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

// Length-prefixed parts, so no key or value, whatever it holds, can pass for another's.
const part = (text: string) => `${text.length}:${text}`;
const verbatim = (key: string, value: string) => `=${part(key)}${part(value)}`;

const byKey = (a: [string, string], b: [string, string]) =>
	a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/**
 * The query string as PostgREST's Content-Location shows it: sorted by key, re-encoded. Only the
 * answer needs it, so it is built while the request's statements are out.
 */
export function canonicalQuery(params: readonly [string, string][]): string {
	const sorted = params.length > 1 ? [...params].sort(byKey) : params;
	let text = '';
	for (const [k, v] of sorted) text += `${text === '' ? '' : '&'}${encode(k)}=${encode(v)}`;
	return text;
}

/**
 * @param isRpcRead a GET/HEAD function call, whose non-filter parameters are its arguments.
 */
export function parseQueryParams(search: URLSearchParams, isRpcRead: boolean): QueryParams {
	const params: [string, string][] = [];
	for (const entry of search) if (entry[0] !== 'apikey') params.push(entry);
	const result: QueryParams = {
		select: selectOf(search.get('select') ?? '*'),
		filters: [],
		logic: [],
		order: [],
		ranges: new Map(),
		rpcArgs: [],
		entries: params,
		shape: ''
	};
	let shape = '';
	const columns = search.get('columns');
	if (columns !== null) result.columns = columnList(columns, 'columns parameter');
	const onConflict = search.get('on_conflict');
	if (onConflict !== null) result.onConflict = columnList(onConflict, 'on_conflict parameter');

	for (const [key, value] of params) {
		const last = lastSegment(key);
		if (reserved.has(key)) {
			shape += verbatim(key, value);
		} else if (last === 'and' || last === 'or') {
			result.logic.push(parseLogic(key, value));
			shape += verbatim(key, value);
		} else if (embeddable.has(last)) {
			const { path } = parseTreePath(key);
			if (last === 'order') {
				result.order.push({ path, terms: orderOf(value) });
			} else {
				const range = result.ranges.get(pathKey(path)) ?? {};
				const n = integer(value);
				if (n !== undefined) range[last as 'limit' | 'offset'] = n;
				result.ranges.set(pathKey(path), range);
			}
			shape += verbatim(key, value);
		} else if (isRpcRead && !isFilterValue(value)) {
			result.rpcArgs.push([parseTreePath(key).field.name, value]);
			shape += verbatim(key, value);
		} else {
			const { path, field } = parseTreePath(key);
			const expr = parseOpExpr(value);
			result.filters.push({ path, filter: { field, expr } });
			shape += `?${part(key)}${part(filterShape(expr))}`;
		}
	}
	result.shape = shape;
	return result;
}
