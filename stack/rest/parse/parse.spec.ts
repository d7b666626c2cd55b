// PostgREST's URL grammar, on the cases its own doctests (QueryParams.hs) document.
import { describe, expect, it } from 'vitest';
import { RestError } from '../errors';
import { filterShape, parseLogic, parseOpExpr, parseTreePath } from './filter';
import { parseAccept, toMime } from './media-type';
import { parseOrder } from './order';
import { parsePreferences, preferenceApplied } from './prefer';
import { canonicalQuery, parseQueryParams } from './query-params';
import { parseSelect } from './select';

const failure = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		if (error instanceof RestError) return error;
	}
	throw new Error('expected a RestError');
};

describe('select', () => {
	it('reads fields with aliases, casts and JSON paths', () => {
		expect(parseSelect('alias:name->jsonpath::cast')).toEqual([
			{
				kind: 'field',
				field: { name: 'name', jsonPath: [{ arrow: '->', key: 'jsonpath', isIndex: false }] },
				alias: 'alias',
				cast: 'cast',
				aggregate: undefined,
				aggregateCast: undefined
			}
		]);
		expect(parseSelect('data->>0')[0]).toMatchObject({
			field: { name: 'data', jsonPath: [{ arrow: '->>', key: '+0', isIndex: true }] }
		});
	});

	it('reads embeds with hints, join types and spreads, nested', () => {
		expect(parseSelect('*,alias:rel!inner!hint(*,nested(*)),...other(x)')).toMatchObject([
			{ kind: 'field', field: { name: '*' } },
			{
				kind: 'relation',
				name: 'rel',
				alias: 'alias',
				hint: 'hint',
				joinType: 'inner',
				spread: false,
				children: [{ field: { name: '*' } }, { kind: 'relation', name: 'nested' }]
			},
			{ kind: 'relation', name: 'other', spread: true, children: [{ field: { name: 'x' } }] }
		]);
		expect(parseSelect('rel()')).toMatchObject([{ kind: 'relation', name: 'rel', children: [] }]);
	});

	it('reads quoted names with escapes, names with dashes and spaces', () => {
		expect(parseSelect('"a\\"b",with-dash')).toMatchObject([
			{ field: { name: 'a"b' } },
			{ field: { name: 'with-dash' } }
		]);
	});

	it('reads aggregates so they can be refused', () => {
		expect(parseSelect('total:amount.sum()::int,count()')).toMatchObject([
			{ alias: 'total', aggregate: 'sum', aggregateCast: 'int' },
			{ field: { name: '*' }, aggregate: 'count' }
		]);
	});

	it('fails with PGRST100 naming the column', () => {
		const error = failure(() => parseSelect('id,clients(name[])'));
		expect(error.code).toBe('PGRST100');
		expect(error.message).toBe(
			'"failed to parse select parameter (id,clients(name[]))" (line 1, column 16)'
		);
		expect(failure(() => parseSelect('name::')).code).toBe('PGRST100');
	});
});

describe('filters', () => {
	it('reads operators, quantifiers, negation and full-text configurations', () => {
		expect(parseOpExpr('eq(any).{a,b}')).toEqual({
			negated: false,
			operation: { kind: 'quant', op: 'eq', quantifier: 'any', value: '{a,b}' }
		});
		expect(parseOpExpr('not.gte.5').operation).toEqual({
			kind: 'quant',
			op: 'gte',
			value: '5',
			quantifier: undefined
		});
		expect(parseOpExpr('wfts(english).a b').operation).toEqual({
			kind: 'fts',
			op: 'wfts',
			language: 'english',
			value: 'a b'
		});
		expect(parseOpExpr('is.NULL').operation).toEqual({ kind: 'is', value: 'null' });
		expect(parseOpExpr('cs.{1,2}').operation).toEqual({ kind: 'simple', op: 'cs', value: '{1,2}' });
	});

	it('reads in-lists with quoted values', () => {
		expect(parseOpExpr('in.(1, "a,b" ,"c\\"d",)').operation).toEqual({
			kind: 'in',
			values: ['1', ' "a', 'b" ', 'c"d', '']
		});
		expect(parseOpExpr('in.("a,b",c)').operation).toEqual({ kind: 'in', values: ['a,b', 'c'] });
	});

	it('reads embed paths and JSON paths in keys', () => {
		expect(parseTreePath('rel.nested.data->a->>b')).toEqual({
			path: ['rel', 'nested'],
			field: {
				name: 'data',
				jsonPath: [
					{ arrow: '->', key: 'a', isIndex: false },
					{ arrow: '->>', key: 'b', isIndex: false }
				]
			}
		});
	});

	it('reads nested logic trees with negation and embed paths', () => {
		expect(parseLogic('rel.not.or', '(a.eq.1,and(b.in.(1,2),c.not.is.null))')).toEqual({
			path: ['rel'],
			tree: {
				kind: 'expr',
				negated: true,
				op: 'or',
				children: [
					{
						kind: 'filter',
						filter: { field: { name: 'a', jsonPath: [] }, expr: parseOpExpr('eq.1') }
					},
					{
						kind: 'expr',
						negated: false,
						op: 'and',
						children: [
							{
								kind: 'filter',
								filter: { field: { name: 'b', jsonPath: [] }, expr: parseOpExpr('in.(1,2)') }
							},
							{
								kind: 'filter',
								filter: { field: { name: 'c', jsonPath: [] }, expr: parseOpExpr('not.is.null') }
							}
						]
					}
				]
			}
		});
		expect(failure(() => parseLogic('or', '()')).code).toBe('PGRST100');
	});
});

describe('order', () => {
	it('reads directions, null placement and related terms', () => {
		expect(parseOrder('name.desc.nullsfirst,clients(json->key).asc,id')).toEqual([
			{ field: { name: 'name', jsonPath: [] }, direction: 'desc', nulls: 'first' },
			{
				relation: 'clients',
				field: { name: 'json', jsonPath: [{ arrow: '->', key: 'key', isIndex: false }] },
				direction: 'asc'
			},
			{ field: { name: 'id', jsonPath: [] } }
		]);
		expect(failure(() => parseOrder('id.descc')).code).toBe('PGRST100');
	});
});

describe('query strings', () => {
	it('sorts parameters into select, filters, logic, orders and ranges per embed', () => {
		const params = parseQueryParams(
			new URLSearchParams(
				'select=id,rel(x)&id=eq.1&rel.x=gt.2&rel.order=x.desc&rel.limit=3&offset=4&or=(id.eq.1)&apikey=k'
			),
			false
		);
		expect(params.filters.map((f) => f.path)).toEqual([[], ['rel']]);
		expect(params.order).toEqual([
			{ path: ['rel'], terms: [{ field: { name: 'x', jsonPath: [] }, direction: 'desc' }] }
		]);
		expect(params.ranges.get('rel')).toEqual({ limit: 3 });
		expect(params.ranges.get('')).toEqual({ offset: 4 });
		expect(params.logic).toHaveLength(1);
		expect(canonicalQuery(params.entries)).toBe(
			'id=eq.1&offset=4&or=%28id.eq.1%29&rel.limit=3&rel.order=x.desc&rel.x=gt.2&select=id%2Crel%28x%29'
		);
	});

	it('takes non-filter parameters of a function read as its arguments', () => {
		const params = parseQueryParams(new URLSearchParams('a=1&b=eq.2'), true);
		expect(params.rpcArgs).toEqual([['a', '1']]);
		expect(params.filters).toHaveLength(1);
	});
});

describe('Prefer', () => {
	it('reads every Prefer header, first value of a kind winning, the rest invalid', () => {
		expect(
			parsePreferences([
				'count=exact, return=representation',
				'return=minimal, missing=default, nope'
			])
		).toEqual({ count: 'exact', return: 'representation', missing: 'default', invalid: ['nope'] });
		expect(parsePreferences('handling=strict, max-affected=5')).toEqual({
			handling: 'strict',
			maxAffected: 5,
			invalid: []
		});
	});

	it('knows tx=commit and tx=rollback always, and takes them only where db-tx-end allows', () => {
		expect(parsePreferences('tx=rollback')).toEqual({ invalid: [] });
		expect(parsePreferences('tx=rollback, tx=commit', true)).toEqual({
			tx: 'rollback',
			invalid: []
		});
		expect(parsePreferences('tx=maybe', true)).toEqual({ invalid: ['tx=maybe'] });
	});
});

describe('the plan media type', () => {
	it('reads the format, the media type explained and the options PostgreSQL knows', () => {
		const [{ mediaType }] = parseAccept(
			'application/vnd.pgrst.plan+json; for="application/vnd.pgrst.object+json"; options=wal|nope|analyze'
		);
		expect(mediaType).toEqual({
			kind: 'plan',
			format: 'json',
			for: { kind: 'object', stripNulls: false },
			options: ['analyze', 'wal']
		});
		expect(toMime(mediaType, '')).toBe(
			'application/vnd.pgrst.plan+json; for="application/vnd.pgrst.object+json"; options=analyze|wal'
		);
		const [{ mediaType: text }] = parseAccept('application/vnd.pgrst.plan');
		expect(toMime(text, '')).toBe('application/vnd.pgrst.plan+text; for="application/json"');
	});
});

describe('the shape of a filter', () => {
	it('tells apart what changes the SQL, and only that', () => {
		const shape = (text: string) => filterShape(parseOpExpr(text));
		expect(shape('eq.1')).toBe(shape('eq.2'));
		expect(shape('in.(1,2)')).toBe(shape('in.(3)'));
		expect(shape('like.*a*')).toBe(shape('like.b'));
		for (const [a, b] of [
			['eq.1', 'not.eq.1'],
			['eq.1', 'neq.1'],
			['in.(1)', 'in.()'],
			['is.null', 'is.true'],
			['like(any).{a}', 'like.{a}'],
			['fts(english).a', 'fts(simple).a'],
			['fts.a', 'plfts.a']
		])
			expect(shape(a)).not.toBe(shape(b));
	});

	it("leaves the operands out of the parameters' shape, length-prefixed so none passes for another", () => {
		const params = (query: string) => parseQueryParams(new URLSearchParams(query), false);
		expect(params('select=id&id=eq.1').shape).toBe(params('select=id&id=eq.99').shape);
		expect(params('select=id&id=eq.1').shape).not.toBe(params('select=id,title&id=eq.1').shape);
		expect(params('id=eq.1&title=eq.a').shape).not.toBe(params('title=eq.a&id=eq.1').shape);
		expect(params('limit=1').shape).not.toBe(params('limit=2').shape);
		expect(params('or=(id.eq.1)').shape).not.toBe(params('or=(id.eq.2)').shape);
	});
});

describe('Preference-Applied', () => {
	it('lists the honoured preferences in PostgREST order, max-affected only when strict', () => {
		expect(preferenceApplied({})).toBeUndefined();
		expect(preferenceApplied({ count: undefined, tx: undefined })).toBeUndefined();
		expect(
			preferenceApplied({
				timezone: 'UTC',
				handling: 'strict',
				maxAffected: 2,
				count: 'exact',
				return: 'representation',
				resolution: 'merge-duplicates',
				missing: 'default',
				tx: 'commit'
			})
		).toBe(
			'resolution=merge-duplicates, missing=default, return=representation, count=exact, tx=commit, handling=strict, timezone=UTC, max-affected=2'
		);
		expect(preferenceApplied({ handling: 'lenient', maxAffected: 2 })).toBe('handling=lenient');
	});
});
