// Every filter operator postgrest-js can send, negation, and nested logic trees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const ids = async (query: PromiseLike<{ data: unknown; error: unknown }>) => {
	const { data, error } = await query;
	expect(error).toBeNull();
	return (data as { id: number }[]).map((row) => row.id);
};

// Ordered before filtering: the order of query parameters does not matter to PostgREST.
const tasks = () => h.anon.from('tasks').select('id').order('id');
const people = () => h.anon.from('people').select('id').order('id');

describe('comparison', () => {
	it('eq, neq, gt, gte, lt, lte', async () => {
		expect(await ids(tasks().eq('priority', 1))).toEqual([1, 5]);
		expect(await ids(tasks().neq('priority', 1))).toEqual([2, 4]);
		expect(await ids(tasks().gt('priority', 1))).toEqual([2, 4]);
		expect(await ids(tasks().gte('priority', 2))).toEqual([2, 4]);
		expect(await ids(tasks().lt('priority', 3))).toEqual([1, 2, 5]);
		expect(await ids(tasks().lte('due', '2024-04-01'))).toEqual([1, 2]);
	});

	it('match() is eq on each column', async () => {
		expect(await ids(tasks().match({ project_id: 1, state: 'todo' }))).toEqual([3]);
	});

	it('compares enums, text and timestamps in their own types', async () => {
		expect(await ids(tasks().eq('state', 'doing'))).toEqual([2]);
		expect(await ids(people().gt('created_at', '2023-12-31T23:00:00Z'))).toEqual([1, 2, 3, 4]);
	});
});

describe('patterns', () => {
	it('like and ilike, with * standing for %', async () => {
		expect(await ids(tasks().like('title', '*the*'))).toEqual([1, 2, 3, 4, 5]);
		expect(await ids(tasks().like('title', 'Ship*'))).toEqual([4]);
		expect(await ids(tasks().like('title', 'ship*'))).toEqual([]);
		expect(await ids(tasks().ilike('title', 'ship*'))).toEqual([4]);
	});

	it('like and ilike against any or all of several patterns', async () => {
		expect(await ids(tasks().likeAnyOf('title', ['Ship*', 'Build*']))).toEqual([2, 4]);
		expect(await ids(tasks().likeAllOf('title', ['*the*', '*site']))).toEqual([4]);
		expect(await ids(tasks().ilikeAnyOf('title', ['ship*', 'BUILD*']))).toEqual([2, 4]);
		expect(await ids(tasks().ilikeAllOf('title', ['*THE*', '*SITE']))).toEqual([4]);
	});

	it('match and imatch with POSIX regular expressions', async () => {
		expect(await ids(tasks().regexMatch('title', '^(Ship|Fix)'))).toEqual([4, 5]);
		expect(await ids(tasks().regexIMatch('title', '^(ship|fix)'))).toEqual([4, 5]);
	});
});

describe('null, booleans and distinctness', () => {
	it('is null, not.is.null and is.not_null', async () => {
		expect(await ids(tasks().is('priority', null))).toEqual([3]);
		expect(await ids(tasks().not('priority', 'is', null))).toEqual([1, 2, 4, 5]);
		const response = await h.raw('/tasks?select=id&priority=is.not_null&order=id');
		expect(await response.json()).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }, { id: 5 }]);
	});

	it('isdistinct treats null as a value', async () => {
		expect(await ids(tasks().isDistinct('priority', 1))).toEqual([2, 3, 4]);
		expect(await ids(tasks().not('priority', 'isdistinct', 1))).toEqual([1, 5]);
	});

	it('is.true and is.false on a boolean', async () => {
		const response = await h.raw('/notes?select=id&is_public=is.true', {
			headers: { Authorization: `Bearer ${h.stack.keys.serviceRole}` }
		});
		expect(await response.json()).toEqual([{ id: 1 }]);
		const negative = await h.raw('/notes?select=id&is_public=is.false&order=id', {
			headers: { Authorization: `Bearer ${h.stack.keys.serviceRole}` }
		});
		expect(await negative.json()).toEqual([{ id: 2 }, { id: 3 }]);
	});
});

describe('lists', () => {
	it('in and not.in, quoting values with commas and parentheses', async () => {
		expect(await ids(tasks().in('id', [1, 3]))).toEqual([1, 3]);
		expect(await ids(tasks().in('title', ['Fix the footer, (urgent)', 'Ship the site']))).toEqual([
			4, 5
		]);
		expect(await ids(tasks().notIn('id', [1, 2, 3]))).toEqual([4, 5]);
		expect(await ids(tasks().in('id', []))).toEqual([]);
	});

	it('reads quoted values with escaped quotes and backslashes', async () => {
		await h.service.from('labels').insert([
			{ id: 60, name: 'say "hi"' },
			{ id: 61, name: 'back\\slash' }
		]);
		const response = await h.raw(
			`/labels?select=id&name=in.(${encodeURIComponent('"say \\"hi\\"","back\\\\slash"')})&order=id`
		);
		expect(await response.json()).toEqual([{ id: 60 }, { id: 61 }]);
		await h.service.from('labels').delete().in('id', [60, 61]);
	});
});

describe('arrays, JSON and ranges', () => {
	it('cs, cd and ov on arrays', async () => {
		expect(await ids(people().contains('nicknames', ['admiral']))).toEqual([2]);
		expect(
			await ids(people().containedBy('nicknames', ['countess', 'amazing', 'admiral']))
		).toEqual([1, 2, 3, 4]);
		expect(await ids(people().overlaps('nicknames', ['countess', 'admiral']))).toEqual([1, 2]);
	});

	it('cs and cd on jsonb', async () => {
		expect(await ids(people().contains('profile', { city: 'London' }))).toEqual([1]);
		expect(await ids(tasks().contains('details', { tags: ['web'] }))).toEqual([4]);
		expect(await ids(tasks().containedBy('details', { size: 'M', extra: true }))).toEqual([2]);
	});

	it('filters on JSON paths', async () => {
		expect(await ids(people().eq('profile->>city', 'Portland'))).toEqual([3]);
		expect(await ids(people().gt('profile->age', 50))).toEqual([2]);
		expect(await ids(tasks().eq('details->tags->>0', 'web'))).toEqual([4]);
	});

	it('range operators: sl, sr, nxl, nxr, adj, ov', async () => {
		const slots = () => h.anon.from('slots').select('id').order('id');
		expect(await ids(slots().rangeLt('during', '[10,20)'))).toEqual([1, 2]);
		expect(await ids(slots().rangeGt('during', '[6,8)'))).toEqual([3]);
		expect(await ids(slots().rangeGte('during', '[5,6)'))).toEqual([2, 3]);
		expect(await ids(slots().rangeLte('during', '[1,10)'))).toEqual([1, 2]);
		expect(await ids(slots().rangeAdjacent('during', '[10,20)'))).toEqual([2, 3]);
		expect(await ids(slots().overlaps('during', '[4,6)'))).toEqual([1, 2]);
	});
});

describe('full-text search', () => {
	it('fts on a tsvector column, and plfts, phfts, wfts with a configuration on text', async () => {
		expect(await ids(tasks().textSearch('body', 'engin'))).toEqual([1]);
		expect(await ids(tasks().textSearch('title', 'the & site', { config: 'english' }))).toEqual([
			4
		]);
		expect(
			await ids(tasks().textSearch('title', 'ship site', { type: 'plain', config: 'english' }))
		).toEqual([4]);
		expect(
			await ids(tasks().textSearch('title', 'build mill', { type: 'phrase', config: 'english' }))
		).toEqual([]);
		expect(
			await ids(
				tasks().textSearch('title', 'build the mill', { type: 'phrase', config: 'english' })
			)
		).toEqual([2]);
		expect(
			await ids(
				tasks().textSearch('title', 'engine -mill', { type: 'websearch', config: 'english' })
			)
		).toEqual([1]);
		expect(await ids(tasks().not('body', 'fts', 'engin'))).toEqual([2, 3, 4, 5]);
	});
});

describe('negation and logic trees', () => {
	it('negates any operator with not.', async () => {
		expect(await ids(tasks().not('state', 'eq', 'todo'))).toEqual([1, 2]);
		expect(await ids(tasks().not('title', 'like', '*the*'))).toEqual([]);
	});

	it('combines with or, nested and, and quoted values', async () => {
		expect(await ids(tasks().or('priority.eq.3,and(state.eq.todo,priority.is.null)'))).toEqual([
			3, 4
		]);
		expect(await ids(tasks().or('title.eq."Fix the footer, (urgent)",id.eq.1'))).toEqual([1, 5]);
		expect(await ids(tasks().or('id.in.(1,2),title.like.Ship*'))).toEqual([1, 2, 4]);
		expect(await ids(people().or('nicknames.cs.{countess},profile->>city.eq.Portland'))).toEqual([
			1, 3
		]);
	});

	it('negates a whole tree with not.or and not.and', async () => {
		const response = await h.raw(
			'/tasks?select=id&not.or=(priority.eq.1,priority.is.null)&order=id'
		);
		expect(await response.json()).toEqual([{ id: 2 }, { id: 4 }]);
		const nested = await h.raw(
			'/tasks?select=id&or=(id.eq.5,not.and(project_id.eq.1,priority.not.is.null))&order=id'
		);
		expect(await nested.json()).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
	});

	it('ANDs separate filters on the same column', async () => {
		expect(await ids(tasks().gt('id', 1).lt('id', 4))).toEqual([2, 3]);
	});
});
