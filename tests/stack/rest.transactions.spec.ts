// Each request runs as one batch of statements in one transaction (the settings, the main statement),
// kept prepared per connection: read-only requests stay read only, role settings reach the main
// statement, a failure leaves nothing behind, and prepared plans follow the caller's role and the
// schema.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onPostgres } from '../support/stack';
import { startRestStack, userA, userB, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const noteIds = (data: unknown) => (data as { id: number }[]).map((n) => n.id);

const notesWithBody = async (body: string) =>
	(await h.stack.db.query('select id from public.notes where body = $1', [body])).rows.length;

describe('the transaction of a request', () => {
	it('keeps a GET read only, even against a function that turns read-only off', async () => {
		const get = await h.service.rpc('force_write', { body: 'via get' }, { get: true });
		expect(get.error?.code).toBe('25001');
		expect(await notesWithBody('via get')).toBe(0);

		const post = await h.service.rpc('force_write', { body: 'via post' });
		expect(post.error).toBeNull();
		expect(await notesWithBody('via post')).toBe(1);
	});

	it('runs a stable function read only even on POST', async () => {
		const { data } = await (await h.as(userA)).rpc('whoami');
		expect((data as { read_only: string }).read_only).toBe('on');
	});

	it('leaves nothing behind when the main statement fails after writing', async () => {
		const { error, status } = await h.service.rpc('write_then_fail', { body: 'regretted' });
		expect(status).toBe(400);
		expect(error).toMatchObject({ code: 'P0001', message: 'changed my mind' });
		expect(await notesWithBody('regretted')).toBe(0);
	});

	it("gives the main statement its role's statement_timeout", async () => {
		const hasty = h.withToken(await h.token({ role: 'rest_hasty' }));
		const quick = await hasty.rpc('nap', { seconds: 0 });
		expect(quick.data).toBe('300ms');
		if (!onPostgres) return; // PGlite keeps the setting but has no timer to enforce it.
		const slow = await hasty.rpc('nap', { seconds: 2 });
		expect(slow.error?.code).toBe('57014');
	});
});

describe('a read asking for one object (.single(), .maybeSingle())', () => {
	// Committing a read-only read keeps nothing, so its check needs no transaction held open for a
	// second round trip: the whole request is the one batch.
	const withCalls = async <T>(request: () => PromiseLike<T>) => {
		const batch = vi.spyOn(h.stack.db, 'batch');
		const transaction = vi.spyOn(h.stack.db, 'transaction');
		try {
			const result = await request();
			return {
				result,
				batches: batch.mock.calls.length,
				transactions: transaction.mock.calls.length
			};
		} finally {
			batch.mockRestore();
			transaction.mockRestore();
		}
	};
	const tasks = () => h.service.from('tasks').select('id');

	it('is one batch, and still answers 406 for none or many rows', async () => {
		const one = await withCalls(() => tasks().eq('id', 1).single());
		expect(one).toMatchObject({ batches: 1, transactions: 0 });
		expect(one.result).toMatchObject({ data: { id: 1 }, status: 200 });

		const none = await withCalls(() => tasks().eq('id', -1).single());
		expect(none).toMatchObject({ batches: 1, transactions: 0 });
		expect(none.result).toMatchObject({ data: null, status: 406, error: { code: 'PGRST116' } });

		const many = await tasks().single();
		expect(many).toMatchObject({ status: 406, error: { code: 'PGRST116' } });
		const maybe = await tasks().eq('id', -1).maybeSingle();
		expect(maybe).toMatchObject({ data: null, error: null, status: 200 });
	});

	it('still holds the transaction open for a write that returns one object', async () => {
		const write = await withCalls(() =>
			h.service.from('notes').insert({ body: 'single write' }).select('id').single()
		);
		expect(write.transactions).toBe(1);
		expect(await notesWithBody('single write')).toBe(1);
	});
});

describe('statements prepared once per connection', () => {
	it("plans a repeated request for each caller's role: RLS follows the caller", async () => {
		const a = await h.as(userA);
		const b = await h.as(userB);
		const firstNotes = (client: typeof a) =>
			client.from('notes').select('id').lte('id', 3).order('id');
		// More rounds than the pool has connections and than PostgreSQL's custom plans before a
		// generic one.
		for (let round = 0; round < 12; round++) {
			expect(noteIds((await firstNotes(h.anon)).data)).toEqual([1]);
			expect(noteIds((await firstNotes(a)).data)).toEqual([1, 2]);
			expect(noteIds((await firstNotes(b)).data)).toEqual([1, 3]);
			expect(noteIds((await firstNotes(h.service)).data)).toEqual([1, 2, 3]);
		}
	});

	it("plans a request's shape once and binds each request's own operands to it", async () => {
		const ids = async (query: string) =>
			((await (await h.raw(`/tasks?select=id&order=id&${query}`)).json()) as { id: number }[]).map(
				(t) => t.id
			);
		for (let round = 0; round < 3; round++) {
			expect(await ids('id=eq.1')).toEqual([1]);
			expect(await ids('id=eq.4')).toEqual([4]);
			expect(await ids('id=not.eq.4&priority=gte.2')).toEqual([2]);
			expect(await ids('id=not.eq.2&priority=gte.2')).toEqual([4]);
			expect(await ids('id=in.(2,5)')).toEqual([2, 5]);
			expect(await ids('id=in.()')).toEqual([]);
			expect(await ids('title=like.*the*')).toEqual([1, 2, 3, 4, 5]);
			expect(await ids('title=like.Ship*')).toEqual([4]);
			expect(await ids('priority=is.null')).toEqual([3]);
			expect(await ids('priority=is.not_null&id=lt.3')).toEqual([1, 2]);
			expect(await ids('title=fts(english).mill')).toEqual([2]);
			expect(await ids('title=fts(english).site')).toEqual([4]);
		}
	});

	it('still answers after the same request failed on a bad value', async () => {
		for (let round = 0; round < 3; round++) {
			const bad = await h.anon.from('notes').select('id').eq('id', 'one');
			expect(bad.error?.code).toBe('22P02');
		}
		const good = await h.anon.from('notes').select('id').eq('id', 1);
		expect(noteIds(good.data)).toEqual([1]);
	});

	it('prepares a request afresh after DDL changed the types it was prepared with', async () => {
		await h.stack.db.exec(`
			create table public.codes (id int primary key, code int);
			insert into public.codes values (1, 7);
		`);
		const byCode = (code: number | string) => h.anon.from('codes').select().eq('code', code);
		await expect
			.poll(async () => (await byCode(7)).data, { timeout: 20_000 })
			.toEqual([{ id: 1, code: 7 }]);
		for (let round = 0; round < 12; round++) expect((await byCode(7)).status).toBe(200);

		await h.stack.db.exec(
			`alter table public.codes alter column code type text using 'c' || code::text`
		);
		await expect
			.poll(async () => (await byCode('c7')).data, { timeout: 20_000 })
			.toEqual([{ id: 1, code: 'c7' }]);
		for (let round = 0; round < 12; round++)
			expect((await byCode('c7')).data).toEqual([{ id: 1, code: 'c7' }]);
	});
});

describe('the database batch requests run as', () => {
	const db = () => h.stack.db;

	it('answers each statement in order', async () => {
		const results = await db().batch([
			{ sql: 'select $1::int + 1 as n', params: [1] },
			{ sql: 'select unnest(array[$1, $2]) as word', params: ['a', 'b'] }
		]);
		expect(results.map((r) => r.rows)).toEqual([[{ n: 2 }], [{ word: 'a' }, { word: 'b' }]]);
	});

	it('is one transaction: local settings last through it, and the first error undoes all', async () => {
		const [, seen] = await db().batch([
			{ sql: `select set_config('request.method', $1, true)`, params: ['PATCH'] },
			{ sql: `select current_setting('request.method') as method` }
		]);
		expect(seen.rows).toEqual([{ method: 'PATCH' }]);

		await expect(
			db().batch([
				{ sql: 'insert into public.notes (body) values ($1)', params: ['batched'] },
				{ sql: 'select 1 / $1::int', params: [0] },
				{ sql: 'insert into public.notes (body) values ($1)', params: ['after'] }
			])
		).rejects.toMatchObject({ code: '22012' });
		expect(await notesWithBody('batched')).toBe(0);
		expect(await notesWithBody('after')).toBe(0);
	});

	it('answers a statement prepared before with its own columns, parsed by their types', async () => {
		// Runs after the first on a connection skip the Describe: the columns come from the name.
		const prepareKey = 'spec columns';
		const batch = (id: number) =>
			db().batch([
				{
					sql: `select from (select set_config('request.method', $1, true)) s`,
					params: ['GET'],
					prepareKey
				},
				{ sql: 'select $1::int as n, $1::text as t, $1::int > 1 as big', params: [id], prepareKey },
				{
					sql: `select json_build_object('id', $1::int)::text as body`,
					params: [id],
					prepareKey,
					rawText: true
				},
				{
					sql: 'insert into public.notes (body) values ($1)',
					params: [`columns ${id}`],
					prepareKey
				},
				{
					sql: `select current_setting('request.method') as method, $1::bigint as id`,
					params: [id],
					prepareKey
				}
			]);
		const expected = (id: number) => [
			{ rows: [{}], fields: [], affectedRows: 0 },
			{
				rows: [{ n: id, t: String(id), big: id > 1 }],
				fields: [
					{ name: 'n', dataTypeID: 23 },
					{ name: 't', dataTypeID: 25 },
					{ name: 'big', dataTypeID: 16 }
				],
				affectedRows: 0
			},
			{
				rows: [{ body: `{"id" : ${id}}` }],
				fields: [{ name: 'body', dataTypeID: 25 }],
				affectedRows: 0
			},
			{ rows: [], fields: [], affectedRows: 1 },
			{
				rows: [{ method: 'GET', id }],
				fields: [
					{ name: 'method', dataTypeID: 25 },
					{ name: 'id', dataTypeID: 20 }
				],
				affectedRows: 0
			}
		];
		for (let id = 1; id <= 3; id++) expect(await batch(id)).toEqual(expected(id));
		// At once, over as many connections as the pool opens.
		const ids = Array.from({ length: 24 }, (_, i) => 10 + i);
		expect(await Promise.all(ids.map(batch))).toEqual(ids.map(expected));
	});

	it('keeps a prepared statement usable after errors and after more statements than it keeps', async () => {
		const prepareKey = 'spec';
		const double = (value: string) =>
			db().batch([{ sql: 'select $1::int * 2 as n', params: [value], prepareKey }]);
		await expect(double('x')).rejects.toMatchObject({ code: '22P02' });
		expect((await double('4'))[0].rows).toEqual([{ n: 8 }]);
		await expect(
			db().batch([{ sql: 'select nonsense from', prepareKey }, { sql: 'select 1' }])
		).rejects.toMatchObject({ code: '42601' });
		for (let i = 0; i < 300; i++)
			await db().batch([{ sql: `select ${i} as n, $1::text as t`, params: ['x'], prepareKey }]);
		expect((await double('5'))[0].rows).toEqual([{ n: 10 }]);
	});
});
