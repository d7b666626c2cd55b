// Aggregate functions in `select` (count, sum, avg, min, max), enabled as on Supabase by
// `alter role authenticator set pgrst.db_aggregates_enabled = 'true'` and `notify pgrst, 'reload
// config'`: grouping by the other selected columns and embeds, renaming and casting, inside embeds,
// hoisted out of to-one spreads, and PostgREST's errors where it refuses them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, userA, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const byState = (rows: unknown) =>
	[...(rows as { state: string }[])].sort((a, b) => a.state.localeCompare(b.state));

describe('switching aggregates on', () => {
	it('refuses them until the authenticator role says otherwise, then reads the setting on reload config', async () => {
		const refused = await h.anon.from('tasks').select('count()');
		expect(refused.status).toBe(400);
		expect(refused.error?.code).toBe('PGRST123');

		await h.stack.db.exec(`
			do $$ begin
				execute format('alter role authenticator in database %I set pgrst.db_aggregates_enabled = %L',
					current_database(), 'true');
			end $$;
			notify pgrst, 'reload config';
		`);
		await expect
			.poll(async () => (await h.anon.from('tasks').select('count()')).data, { timeout: 10_000 })
			.toEqual([{ count: 5 }]);
	});
});

describe('with db-aggregates-enabled', () => {
	beforeAll(() => h.configure({ db_aggregates_enabled: 'true' }));

	it('aggregates the whole result into one row, after filters', async () => {
		const { data, error } = await h.anon
			.from('tasks')
			.select('count(), priority.sum(), priority.avg(), priority.max(), priority.min()');
		expect(error).toBeNull();
		expect(data).toEqual([{ count: 5, sum: 7, avg: 1.75, max: 3, min: 1 }]);
		const todo = await h.anon.from('tasks').select('count()').eq('state', 'todo');
		expect(todo.data).toEqual([{ count: 3 }]);
	});

	it('groups by the other selected columns, in the order asked', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('state, count(), priority.max()')
			.order('state', { ascending: false });
		expect(data).toEqual([
			{ state: 'done', count: 1, max: 1 },
			{ state: 'doing', count: 1, max: 2 },
			{ state: 'todo', count: 3, max: 3 }
		]);
	});

	it('renames and casts the aggregate, or the column before it', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select(
				'total:priority.sum()::text, mean:priority.avg()::int, n:count(), longest:estimate.max()'
			)
			.single();
		expect(data).toEqual({ total: '7', mean: 2, n: 5, longest: '2 days' });
		const ages = await h.anon
			.from('people')
			.select('profile->age::int.sum(), profile->>city.count()');
		expect(ages.data).toEqual([{ sum: 121, count: 3 }]);
	});

	it('counts only the rows RLS lets the caller see', async () => {
		const count = async (client: typeof h.anon) =>
			(await client.from('notes').select('count()').single()).data;
		expect(await count(h.anon)).toEqual({ count: 1 });
		expect(await count(await h.as(userA))).toEqual({ count: 2 });
		expect(await count(h.service)).toEqual({ count: 3 });
	});

	it('aggregates inside an embedded resource, per parent row', async () => {
		const { data } = await h.anon
			.from('projects')
			.select('name, tasks(state, count())')
			.order('id')
			.order('state', { referencedTable: 'tasks' });
		expect(data).toEqual([
			{
				name: 'Engine',
				tasks: [
					{ state: 'todo', count: 1 },
					{ state: 'doing', count: 1 },
					{ state: 'done', count: 1 }
				]
			},
			{ name: 'Website', tasks: [{ state: 'todo', count: 2 }] },
			{ name: 'Orphan', tasks: [] }
		]);
	});

	it('groups by an embedded resource, and by the columns of a spread one', async () => {
		const embedded = await h.anon.from('tasks').select('priority.sum(), projects(name)');
		expect([...(embedded.data as { sum: number }[])].sort((a, b) => a.sum - b.sum)).toEqual([
			{ sum: 3, projects: { name: 'Engine' } },
			{ sum: 4, projects: { name: 'Website' } }
		]);
		const spread = await h.anon.from('tasks').select('priority.sum(), ...projects(name)');
		expect([...(spread.data as { sum: number }[])].sort((a, b) => a.sum - b.sum)).toEqual([
			{ sum: 3, name: 'Engine' },
			{ sum: 4, name: 'Website' }
		]);
	});

	it('hoists aggregates out of to-one spreads, through nested ones', async () => {
		const counted = await h.anon.from('tasks').select('state, ...projects(projects:id.count())');
		expect(byState(counted.data)).toEqual([
			{ state: 'doing', projects: 1 },
			{ state: 'done', projects: 1 },
			{ state: 'todo', projects: 3 }
		]);
		const rows = await h.anon.from('tasks').select('state, ...projects(count())');
		expect(byState(rows.data)).toEqual([
			{ state: 'doing', count: 1 },
			{ state: 'done', count: 1 },
			{ state: 'todo', count: 3 }
		]);
		const nested = await h.anon.from('tasks').select('state, ...projects(...teams(name.max()))');
		expect(byState(nested.data)).toEqual([
			{ state: 'doing', max: 'Core' },
			{ state: 'done', max: 'Core' },
			{ state: 'todo', max: 'Web' }
		]);
	});

	it('aggregates what a function returns', async () => {
		const { data } = await h.anon
			.rpc('project_tasks', { pid: 2 })
			.select('count(), priority.sum()');
		expect(data).toEqual([{ count: 2, sum: 4 }]);
	});

	it('answers an aggregate in a to-many spread with 400 PGRST127', async () => {
		const { error, status } = await h.anon.from('projects').select('name, ...tasks(count())');
		expect(status).toBe(400);
		expect(error).toEqual({
			code: 'PGRST127',
			message: 'Feature not implemented',
			details: 'Aggregates are not implemented for one-to-many or many-to-many spreads.',
			hint: null
		});
	});

	it("answers an aggregate of a missing column, or of a type without it, with PostgreSQL's error", async () => {
		const missing = await h.anon.from('tasks').select('nope.sum()');
		expect(missing.status).toBe(400);
		expect(missing.error).toMatchObject({
			code: '42703',
			message: 'column tasks.nope does not exist'
		});
		const text = await h.anon.from('tasks').select('title.sum()');
		expect(text.status).toBe(404);
		expect(text.error).toMatchObject({
			code: '42883',
			message: 'function sum(text) does not exist'
		});
		const unknown = await h.anon.from('tasks').select('nope(id), count()');
		expect(unknown.error?.code).toBe('PGRST200');
		expect((await h.anon.from('tasks').select('count()')).data).toEqual([{ count: 5 }]);
	});
});
