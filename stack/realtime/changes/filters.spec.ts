import { describe, expect, it } from 'vitest';
import { describeBinding, parseBinding, parseFilters } from './filters';

describe('postgres_changes filters', () => {
	it('reads PostgREST-style conditions, AND-ed by top-level commas', () => {
		expect(parseFilters('id=gt.0,status=in.(open,"on hold"),title=not.like.%x%')).toEqual({
			ok: true,
			filters: [
				{ column: 'id', op: 'gt', value: '0', negate: false },
				{ column: 'status', op: 'in', value: '{open,"on hold"}', negate: false },
				{ column: 'title', op: 'like', value: '%x%', negate: true }
			]
		});
	});

	it('unquotes double-quoted values, so they may hold commas and parentheses', () => {
		expect(parseFilters('name=eq."a,b (c)"')).toEqual({
			ok: true,
			filters: [{ column: 'name', op: 'eq', value: 'a,b (c)', negate: false }]
		});
	});

	it.each([
		['id=foo.1', 'Error parsing `filter` params: ["foo", "1"]'],
		['undefined', 'Error parsing `filter` params: ["undefined"]'],
		[
			'id=in.1,2',
			'Error parsing `filter` params: `in` filter value must be wrapped by parentheses'
		],
		[
			'id=eq.1,,id=eq.2',
			'Error parsing `filter` params: filter must not contain empty segments (check for extra commas)'
		]
	])('refuses %s with Supabase’s message', (filter, message) => {
		expect(parseFilters(filter)).toEqual({ ok: false, message });
	});
});

describe('postgres_changes bindings', () => {
	it('default to every event, and to schema public when only a table is named', () => {
		expect(parseBinding({ table: 'tickets' })).toEqual({
			ok: true,
			binding: { event: '*', schema: 'public', table: 'tickets', filters: [], select: null }
		});
	});

	it('cover a whole schema when no table is named', () => {
		expect(parseBinding({ event: 'insert', schema: 'public' })).toMatchObject({
			ok: true,
			binding: { event: 'INSERT', table: '*' }
		});
	});

	it('refuse a column selection on a wildcard subscription', () => {
		expect(parseBinding({ schema: 'public', select: ['id'] })).toEqual({
			ok: false,
			message:
				'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.'
		});
	});

	it('print as Supabase prints them in subscription errors', () => {
		const parsed = parseBinding({
			schema: 'public',
			table: 'tickets',
			filter: 'id=eq.1',
			select: ['id']
		});
		if (!parsed.ok) throw new Error(parsed.message);
		expect(describeBinding(parsed.binding)).toBe(
			'[event: *, schema: public, table: tickets, filters: [{"id", "eq", "1", false}], select: ["id"]]'
		);
	});
});
