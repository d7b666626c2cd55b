// Inserts, upserts, updates and deletes: statuses, Prefer return/missing/resolution/count, Location,
// and the errors constraint violations give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const serviceHeaders = () => ({
	apikey: h.stack.keys.serviceRole,
	Authorization: `Bearer ${h.stack.keys.serviceRole}`,
	'Content-Type': 'application/json'
});

describe('POST (insert)', () => {
	it('inserts one row: 201 and no body by default', async () => {
		const { data, error, status } = await h.service.from('labels').insert({ id: 200, name: 'one' });
		expect(error).toBeNull();
		expect(status).toBe(201);
		expect(data).toBeNull();
		const stored = await h.service.from('labels').select('name').eq('id', 200).single();
		expect(stored.data).toEqual({ name: 'one' });
	});

	it('returns the inserted rows with return=representation, embeds included', async () => {
		const { data, status } = await h.service
			.from('tasks')
			.insert({ project_id: 2, title: 'Write docs' })
			.select('title, state, projects(name)')
			.single();
		expect(status).toBe(201);
		expect(data).toEqual({ title: 'Write docs', state: 'todo', projects: { name: 'Website' } });
	});

	it('inserts in bulk with columns=, leaving absent keys null', async () => {
		const { data } = await h.service
			.from('tasks')
			.insert([
				{ project_id: 3, title: 'bulk a', priority: 7 },
				{ project_id: 3, title: 'bulk b' }
			])
			.select('title, priority');
		expect(data).toEqual([
			{ title: 'bulk a', priority: 7 },
			{ title: 'bulk b', priority: null }
		]);
	});

	it('uses column defaults for absent keys with missing=default', async () => {
		const { data, error } = await h.service
			.from('tasks')
			.insert(
				[
					{ project_id: 3, title: 'defaulted a', state: 'doing' },
					{ project_id: 3, title: 'defaulted b' }
				],
				{
					defaultToNull: false
				}
			)
			.select('title, state');
		expect(error).toBeNull();
		expect(data).toEqual([
			{ title: 'defaulted a', state: 'doing' },
			{ title: 'defaulted b', state: 'todo' }
		]);
		const response = await fetch(`${h.stack.url}/rest/v1/labels?columns="id","name"`, {
			method: 'POST',
			headers: { ...serviceHeaders(), Prefer: 'missing=default, return=minimal' },
			body: JSON.stringify([{ id: 201, name: 'x' }])
		});
		expect(response.headers.get('preference-applied')).toBe('missing=default, return=minimal');
	});

	it('answers return=headers-only with a Location naming the primary key', async () => {
		const response = await fetch(`${h.stack.url}/rest/v1/labels`, {
			method: 'POST',
			headers: { ...serviceHeaders(), Prefer: 'return=headers-only' },
			body: JSON.stringify({ id: 202, name: 'located' })
		});
		expect(response.status).toBe(201);
		expect(response.headers.get('location')).toBe('/labels?id=eq.202');
		expect(response.headers.get('content-range')).toBe('*/*');
		expect(await response.text()).toBe('');
	});

	it('reports the inserted count in Content-Range with count=exact', async () => {
		const { count, status } = await h.service.from('labels').insert(
			[
				{ id: 203, name: 'c1' },
				{ id: 204, name: 'c2' }
			],
			{ count: 'exact' }
		);
		expect(status).toBe(201);
		expect(count).toBe(2);
	});

	it('answers a duplicate key with 409 23505 and a foreign key violation with 409 23503', async () => {
		const duplicate = await h.service.from('labels').insert({ id: 1, name: 'again' });
		expect(duplicate.status).toBe(409);
		expect(duplicate.error).toEqual({
			code: '23505',
			message: 'duplicate key value violates unique constraint "labels_pkey"',
			details: 'Key (id)=(1) already exists.',
			hint: null
		});
		const orphan = await h.service.from('tasks').insert({ project_id: 999, title: 'orphan' });
		expect(orphan.status).toBe(409);
		expect(orphan.error?.code).toBe('23503');
		const missing = await h.service.from('tasks').insert({ project_id: 1 });
		expect(missing.status).toBe(400);
		expect(missing.error?.code).toBe('23502');
	});

	it('answers an unknown column with 400 PGRST204', async () => {
		const { error, status } = await h.service.from('labels').insert({ id: 205, nom: 'x' });
		expect(status).toBe(400);
		expect(error).toEqual({
			code: 'PGRST204',
			message: "Could not find the 'nom' column of 'labels' in the schema cache",
			details: null,
			hint: null
		});
	});

	it('answers a malformed body with 400 PGRST102', async () => {
		const invalid = await fetch(`${h.stack.url}/rest/v1/labels`, {
			method: 'POST',
			headers: serviceHeaders(),
			body: '{"id": 1,'
		});
		expect(invalid.status).toBe(400);
		expect(await invalid.json()).toEqual({
			code: 'PGRST102',
			message: 'Empty or invalid json',
			details: null,
			hint: null
		});
		const mismatched = await fetch(`${h.stack.url}/rest/v1/labels`, {
			method: 'POST',
			headers: serviceHeaders(),
			body: JSON.stringify([{ id: 206, name: 'a' }, { id: 207 }])
		});
		expect((await mismatched.json()).message).toBe('All object keys must match');
	});

	it('inserts rows from a CSV body', async () => {
		const response = await fetch(`${h.stack.url}/rest/v1/labels`, {
			method: 'POST',
			headers: { ...serviceHeaders(), 'Content-Type': 'text/csv', Prefer: 'return=representation' },
			body: 'id,name\n208,"from, csv"\n209,plain'
		});
		expect(response.status).toBe(201);
		expect(await response.json()).toEqual([
			{ id: 208, name: 'from, csv' },
			{ id: 209, name: 'plain' }
		]);
	});
});

describe('POST with Prefer: resolution (upsert)', () => {
	it('inserts with merge-duplicates: 201', async () => {
		const { status, data } = await h.service
			.from('labels')
			.upsert({ id: 300, name: 'new' })
			.select();
		expect(status).toBe(201);
		expect(data).toEqual([{ id: 300, name: 'new' }]);
	});

	it('updates with merge-duplicates when the key exists: 200', async () => {
		const { status, data } = await h.service
			.from('labels')
			.upsert({ id: 300, name: 'merged' })
			.select();
		expect(status).toBe(200);
		expect(data).toEqual([{ id: 300, name: 'merged' }]);
	});

	it('is 201 when a bulk upsert inserts any row', async () => {
		const { status } = await h.service.from('labels').upsert([
			{ id: 300, name: 'merged again' },
			{ id: 301, name: 'brand new' }
		]);
		expect(status).toBe(201);
	});

	it('keeps existing rows with ignore-duplicates', async () => {
		const { status, data } = await h.service
			.from('labels')
			.upsert(
				[
					{ id: 300, name: 'ignored' },
					{ id: 302, name: 'added' }
				],
				{ ignoreDuplicates: true }
			)
			.select();
		expect(status).toBe(201);
		expect(data).toEqual([{ id: 302, name: 'added' }]);
		const kept = await h.service.from('labels').select('name').eq('id', 300).single();
		expect(kept.data).toEqual({ name: 'merged again' });
	});

	it('resolves conflicts on another unique column with on_conflict', async () => {
		await h.service.from('labels').insert({ id: 305, name: 'renamed' });
		const { data, error, status } = await h.service
			.from('labels')
			.upsert({ id: 306, name: 'renamed' }, { onConflict: 'name' })
			.select();
		expect(error).toBeNull();
		expect(status).toBe(200);
		expect(data).toEqual([{ id: 306, name: 'renamed' }]);
		const response = await fetch(`${h.stack.url}/rest/v1/labels?on_conflict=name`, {
			method: 'POST',
			headers: { ...serviceHeaders(), Prefer: 'resolution=merge-duplicates' },
			body: JSON.stringify({ id: 307, name: 'renamed' })
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('preference-applied')).toBe('resolution=merge-duplicates');
	});
});

describe('PATCH (update)', () => {
	it('updates the filtered rows: 204, or 200 with the rows', async () => {
		const minimal = await h.service.from('people').update({ name: 'Ada L.' }).eq('id', 1);
		expect(minimal.status).toBe(204);
		const { data, status } = await h.service
			.from('people')
			.update({ name: 'Ada Lovelace' })
			.eq('id', 1)
			.select('id, name');
		expect(status).toBe(200);
		expect(data).toEqual([{ id: 1, name: 'Ada Lovelace' }]);
	});

	it('reports the updated range in Content-Range', async () => {
		const response = await fetch(`${h.stack.url}/rest/v1/tasks?project_id=eq.1`, {
			method: 'PATCH',
			headers: { ...serviceHeaders(), Prefer: 'count=exact' },
			body: JSON.stringify({ due: '2025-01-01' })
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('content-range')).toBe('0-2/3');
	});

	it('rolls back and answers 406 when .single() meets several rows', async () => {
		const { error, status } = await h.service
			.from('tasks')
			.update({ title: 'clobbered' })
			.eq('project_id', 1)
			.select()
			.single();
		expect(status).toBe(406);
		expect(error?.code).toBe('PGRST116');
		expect(error?.details).toBe('The result contains 3 rows');
		const titles = await h.service.from('tasks').select('title').eq('title', 'clobbered');
		expect(titles.data).toEqual([]);
	});

	it('rolls back past max-affected with handling=strict', async () => {
		const response = await fetch(`${h.stack.url}/rest/v1/tasks?project_id=eq.1`, {
			method: 'PATCH',
			headers: { ...serviceHeaders(), Prefer: 'handling=strict, max-affected=2' },
			body: JSON.stringify({ title: 'too many' })
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			code: 'PGRST124',
			message: 'Query result exceeds max-affected preference constraint',
			details: 'The query affects 3 rows',
			hint: null
		});
		const titles = await h.service.from('tasks').select('id').eq('title', 'too many');
		expect(titles.data).toEqual([]);
	});

	it('updates JSON and array columns from JSON values', async () => {
		const { data } = await h.service
			.from('people')
			.update({ profile: { city: 'Paris', langs: [] }, nicknames: ['x', 'y'] })
			.eq('id', 4)
			.select('profile, nicknames')
			.single();
		expect(data).toEqual({ profile: { city: 'Paris', langs: [] }, nicknames: ['x', 'y'] });
	});
});

describe('DELETE', () => {
	it('deletes the filtered rows: 204, or 200 with the rows', async () => {
		await h.service.from('labels').insert([
			{ id: 400, name: 'd1' },
			{ id: 401, name: 'd2' },
			{ id: 402, name: 'd3' }
		]);
		const minimal = await h.service.from('labels').delete().eq('id', 400);
		expect(minimal.status).toBe(204);
		const { data, status, count } = await h.service
			.from('labels')
			.delete({ count: 'exact' })
			.in('id', [401, 402])
			.select();
		expect(status).toBe(200);
		expect(count).toBe(2);
		expect(data).toEqual([
			{ id: 401, name: 'd2' },
			{ id: 402, name: 'd3' }
		]);
		const left = await h.service.from('labels').select('id').gte('id', 400).lte('id', 402);
		expect(left.data).toEqual([]);
	});
});
