// The schema cache follows the database: DDL reloads it (Supabase's event triggers), and so does
// `NOTIFY pgrst, 'reload schema'`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const statusOf = async (table: string) => (await h.anon.from(table).select()).status;

describe('reloading the schema cache', () => {
	it('sees a table, a column and a function created after start', async () => {
		expect(await statusOf('gadgets')).toBe(404);
		await h.stack.db.exec(`
			create table public.gadgets (id int primary key, name text);
			insert into public.gadgets values (1, 'lamp');
			create function public.gadget_count() returns int language sql stable as 'select count(*)::int from public.gadgets';
		`);
		await expect.poll(() => statusOf('gadgets'), { timeout: 20_000 }).toBe(200);
		expect((await h.anon.rpc('gadget_count')).data).toBe(1);

		await h.stack.db.exec(`alter table public.gadgets add column colour text`);
		await expect
			.poll(async () => (await h.service.from('gadgets').insert({ id: 2, colour: 'red' })).status, {
				timeout: 20_000
			})
			.toBe(201);
	});

	it("reloads on NOTIFY pgrst, 'reload schema'", async () => {
		await h.stack.db.exec(`alter event trigger pgrst_ddl_watch disable`);
		try {
			await h.stack.db.exec(`create table public.widgets (id int primary key)`);
			expect(await statusOf('widgets')).toBe(404);
			await h.stack.db.exec(`notify pgrst, 'reload schema'`);
			await expect.poll(() => statusOf('widgets'), { timeout: 20_000 }).toBe(200);
		} finally {
			await h.stack.db.exec(`alter event trigger pgrst_ddl_watch enable`);
		}
	});

	it('sees new relationships for embedding', async () => {
		await h.stack.db.exec(`
			create table public.parts (id int primary key, gadget_id int references public.gadgets (id));
			insert into public.parts values (10, 1);
		`);
		await expect
			.poll(async () => (await h.anon.from('gadgets').select('id, parts(id)').eq('id', 1)).data, {
				timeout: 20_000
			})
			.toEqual([{ id: 1, parts: [{ id: 10 }] }]);
	});
});
