// Computed relationships: a function taking a table's row and returning rows of another embeds like
// a foreign key, to-one when it returns a single row or is declared `rows 1`, to-many otherwise,
// and, named like a table, it replaces every relationship to that table, as PostgREST resolves them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

describe('computed relationships', () => {
	it('embeds a set-returning function declared rows 1 as a single object', async () => {
		const { data, error } = await h.anon.from('projects').select('name, lead(name)').order('id');
		expect(error).toBeNull();
		expect(data).toEqual([
			{ name: 'Engine', lead: { name: 'Grace' } },
			{ name: 'Website', lead: { name: 'Linus' } },
			{ name: 'Orphan', lead: null }
		]);
	});

	it('embeds a function returning one row as a single object', async () => {
		const { data } = await h.anon
			.from('projects')
			.select('name, latest_task(id, title)')
			.in('id', [1, 2])
			.order('id');
		expect(data).toEqual([
			{ name: 'Engine', latest_task: { id: 3, title: 'Write the notes' } },
			{ name: 'Website', latest_task: { id: 5, title: 'Fix the footer, (urgent)' } }
		]);
	});

	it('embeds a set-returning function as an array, with its own filters and order', async () => {
		const { data } = await h.anon
			.from('projects')
			.select('name, unfinished(title)')
			.order('id')
			.order('id', { referencedTable: 'unfinished', ascending: false })
			.neq('unfinished.title', 'Ship the site');
		expect(data).toEqual([
			{ name: 'Engine', unfinished: [{ title: 'Write the notes' }, { title: 'Build the mill' }] },
			{ name: 'Website', unfinished: [{ title: 'Fix the footer, (urgent)' }] },
			{ name: 'Orphan', unfinished: [] }
		]);
	});

	it('joins, filters and orders through a to-one computed embed like a foreign key', async () => {
		const inner = await h.anon
			.from('projects')
			.select('name, lead!inner(name)')
			.eq('lead.name', 'Grace');
		expect(inner.data).toEqual([{ name: 'Engine', lead: { name: 'Grace' } }]);
		const none = await h.anon.from('projects').select('name, lead()').is('lead', null);
		expect(none.data).toEqual([{ name: 'Orphan' }]);
		const ordered = await h.raw('/projects?select=name,lead(name)&order=lead(name).desc.nullslast');
		expect((await ordered.json()).map((p: { name: string }) => p.name)).toEqual([
			'Website',
			'Engine',
			'Orphan'
		]);
		const spread = await h.anon.from('projects').select('name, ...lead(lead:name)').eq('id', 2);
		expect(spread.data).toEqual([{ name: 'Website', lead: 'Linus' }]);
	});

	it('replaces the relationships to a table of its name, hint or not; the other direction stays', async () => {
		const { data, error } = await h.anon.from('books').select('title, shelves(label)').order('id');
		expect(error).toBeNull();
		expect(data).toEqual([
			{ title: 'Dune', shelves: { label: 'Fiction' } },
			{ title: 'Emma', shelves: null },
			{ title: 'Ulysses', shelves: { label: 'Fiction' } }
		]);
		const hinted = await h.anon
			.from('books')
			.select('title, shelves!home_shelf_id(label)')
			.eq('id', 1);
		expect(hinted.data).toEqual([{ title: 'Dune', shelves: { label: 'Fiction' } }]);
		const back = await h.anon
			.from('shelves')
			.select('label, books!home_shelf_id(title)')
			.eq('id', 1)
			.order('id', { referencedTable: 'books' });
		expect(back.data).toEqual([
			{ label: 'Fiction', books: [{ title: 'Emma' }, { title: 'Ulysses' }] }
		]);
		const ambiguous = await h.anon.from('shelves').select('label, books(title)');
		expect(ambiguous.status).toBe(300);
		expect(ambiguous.error?.code).toBe('PGRST201');
	});

	it('answers a function that is no relationship with 400 PGRST200', async () => {
		const { error, status } = await h.anon.from('projects').select('name, add(a)');
		expect(status).toBe(400);
		expect(error?.code).toBe('PGRST200');
		expect(error?.message).toBe(
			"Could not find a relationship between 'projects' and 'add' in the schema cache"
		);
	});

	it('embeds through a computed relationship in what a write returns', async () => {
		const { data, error } = await h.service
			.from('projects')
			.insert({ id: 40, name: 'Loom', lead_id: 1 })
			.select('name, lead(name), unfinished(id)');
		expect(error).toBeNull();
		expect(data).toEqual([{ name: 'Loom', lead: { name: 'Ada' }, unfinished: [] }]);
		await h.service.from('projects').delete().eq('id', 40);
	});
});
