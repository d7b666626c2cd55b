// Ordering, limits and offsets, counts, Content-Range, 206 and 416, and db-max-rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const idsOf = (data: unknown) => (data as { id: number }[]).map((row) => row.id);

describe('ordering', () => {
	it('orders ascending and descending, with nulls first or last', async () => {
		const tasks = () => h.anon.from('tasks').select('id');
		expect(idsOf((await tasks().order('priority').order('id')).data)).toEqual([1, 5, 2, 4, 3]);
		expect(idsOf((await tasks().order('priority', { nullsFirst: true }).order('id')).data)).toEqual(
			[3, 1, 5, 2, 4]
		);
		expect(idsOf((await tasks().order('priority', { ascending: false }).order('id')).data)).toEqual(
			[3, 4, 2, 1, 5]
		);
		expect(
			idsOf(
				(await tasks().order('priority', { ascending: false, nullsFirst: false }).order('id')).data
			)
		).toEqual([4, 2, 1, 5, 3]);
	});

	it('orders by a JSON path', async () => {
		const { data } = await h.anon
			.from('people')
			.select('id')
			.order('profile->age', { ascending: false, nullsFirst: false })
			.order('id');
		expect(idsOf(data)).toEqual([2, 1, 3, 4]);
	});

	it('orders by a column of an embedded to-one resource', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('id, projects(name)')
			.order('projects(name)', { ascending: false })
			.order('id');
		expect(idsOf(data)).toEqual([4, 5, 1, 2, 3]);
	});

	it('refuses to order by a to-many embed (PGRST118) or one not selected (PGRST108)', async () => {
		const toMany = await h.raw('/projects?select=name,tasks(id)&order=tasks(id)');
		expect(toMany.status).toBe(400);
		expect(await toMany.json()).toEqual({
			code: 'PGRST118',
			message: "A related order on 'tasks' is not possible",
			details: "'projects' and 'tasks' do not form a many-to-one or one-to-one relationship",
			hint: null
		});
		const missing = await h.raw('/tasks?select=id&order=projects(name)');
		expect(missing.status).toBe(400);
		expect(await missing.json()).toEqual({
			code: 'PGRST108',
			message: "'projects' is not an embedded resource in this request",
			details: null,
			hint: "Verify that 'projects' is included in the 'select' query parameter."
		});
	});
});

describe('limits and offsets', () => {
	it('pages with range() and limit()', async () => {
		const page = await h.anon.from('tasks').select('id').order('id').range(1, 2);
		expect(idsOf(page.data)).toEqual([2, 3]);
		const limited = await h.anon.from('tasks').select('id').order('id').limit(2);
		expect(idsOf(limited.data)).toEqual([1, 2]);
	});

	it('says which rows it returned in Content-Range, with * when the total is not counted', async () => {
		const response = await h.raw('/tasks?select=id&order=id&offset=1&limit=2');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-range')).toBe('1-2/*');
		expect(response.headers.get('content-location')).toBe(
			'/tasks?limit=2&offset=1&order=id&select=id'
		);
		const empty = await h.raw('/tasks?select=id&id=eq.99');
		expect(empty.headers.get('content-range')).toBe('*/*');
	});

	it('honours a Range header on GET', async () => {
		const response = await h.raw('/tasks?select=id&order=id', { headers: { Range: '3-4' } });
		expect(await response.json()).toEqual([{ id: 4 }, { id: 5 }]);
		expect(response.headers.get('content-range')).toBe('3-4/*');
	});

	it('returns nothing for limit=0', async () => {
		const { data, status, count } = await h.anon
			.from('tasks')
			.select('id', { count: 'exact' })
			.limit(0);
		expect(data).toEqual([]);
		expect(count).toBe(5);
		expect(status).toBe(206);
	});

	it('refuses a negative limit with 416 PGRST103', async () => {
		const response = await h.raw('/tasks?select=id&limit=-1');
		expect(response.status).toBe(416);
		expect(await response.json()).toEqual({
			code: 'PGRST103',
			message: 'Requested range not satisfiable',
			details: 'Limit should be greater than or equal to zero.',
			hint: null
		});
	});
});

describe('counts', () => {
	it('counts exactly: 200 with 0-4/5 for everything, 206 for a part', async () => {
		const all = await h.anon.from('tasks').select('id', { count: 'exact' });
		expect(all.status).toBe(200);
		expect(all.count).toBe(5);
		const part = await h.anon
			.from('tasks')
			.select('id', { count: 'exact' })
			.order('id')
			.range(1, 2);
		expect(part.status).toBe(206);
		expect(part.count).toBe(5);
		const response = await h.raw('/tasks?select=id&offset=1&limit=2', {
			headers: { Prefer: 'count=exact' }
		});
		expect(response.headers.get('content-range')).toBe('1-2/5');
		expect(response.headers.get('preference-applied')).toBe('count=exact');
	});

	it('counts filtered rows, and an empty result as */0', async () => {
		const some = await h.anon.from('tasks').select('id', { count: 'exact' }).eq('project_id', 1);
		expect(some.count).toBe(3);
		const response = await h.raw('/tasks?select=id&id=gt.100', {
			headers: { Prefer: 'count=exact' }
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-range')).toBe('*/0');
	});

	it('counts what an inner embed keeps', async () => {
		const { count } = await h.anon
			.from('tasks')
			.select('id, projects!inner(name)', { count: 'exact' })
			.eq('projects.name', 'Website');
		expect(count).toBe(2);
	});

	it('answers an offset past the counted end with 416 PGRST103', async () => {
		const { error, status, data } = await h.anon
			.from('tasks')
			.select('id', { count: 'exact' })
			.range(10, 12);
		expect(status).toBe(416);
		expect(data).toBeNull();
		expect(error).toEqual({
			code: 'PGRST103',
			message: 'Requested range not satisfiable',
			details: 'An offset of 10 was requested, but there are only 5 rows.',
			hint: null
		});
	});

	it('estimates with planned and estimated counts', async () => {
		const planned = await h.anon.from('tasks').select('id', { count: 'planned' });
		expect(planned.error).toBeNull();
		expect(Number.isInteger(planned.count)).toBe(true);
		const estimated = await h.anon.from('tasks').select('id', { count: 'estimated' });
		expect(estimated.count).toBe(5);
	});

	it('counts a HEAD request', async () => {
		const { count, data } = await h.anon
			.from('people')
			.select('*', { count: 'exact', head: true })
			.not('email', 'is', null);
		expect(data).toBeNull();
		expect(count).toBe(3);
	});
});

describe('db-max-rows (config.toml [api] max_rows = 50)', () => {
	beforeAll(async () => {
		const rows = Array.from({ length: 60 }, (_, i) => ({ id: 100 + i, name: `bulk ${i}` }));
		const { error } = await h.service.from('labels').insert(rows);
		expect(error).toBeNull();
	});
	afterAll(async () => {
		await h.service.from('labels').delete().gte('id', 100);
	});

	it('returns at most max_rows rows, even when more are asked for, and counts them all', async () => {
		const { data, count, status } = await h.anon
			.from('labels')
			.select('id', { count: 'exact' })
			.limit(100);
		expect(data).toHaveLength(50);
		expect(count).toBe(63);
		expect(status).toBe(206);
	});

	it('limits embedded resources too', async () => {
		await h.service
			.from('task_labels')
			.insert(Array.from({ length: 55 }, (_, i) => ({ task_id: 3, label_id: 100 + i })));
		const { data } = await h.anon.from('tasks').select('id, labels(id)').eq('id', 3).single();
		expect((data as { labels: unknown[] }).labels).toHaveLength(50);
		await h.service.from('task_labels').delete().eq('task_id', 3);
	});

	it('switches estimated counts to the planner beyond max_rows', async () => {
		const { count, error } = await h.anon.from('labels').select('id', { count: 'estimated' });
		expect(error).toBeNull();
		expect(count).toBeGreaterThanOrEqual(51);
	});
});
