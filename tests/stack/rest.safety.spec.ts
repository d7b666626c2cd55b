// Whatever a client puts in the URL, headers or body, it is a quoted identifier, a bound value or an
// error: never SQL of its own. Each test ends by checking that nothing was dropped or changed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const injection = `'; drop table people; --`;

afterEach(async () => {
	const people = await h.stack.db.query<{ n: number }>(
		'select count(*)::int as n from public.people'
	);
	expect(people.rows[0].n).toBe(4);
	const weird = await h.stack.db.query<{ n: number }>(
		'select count(*)::int as n from public."weird ""table"""'
	);
	expect(weird.rows[0].n).toBe(1);
});

describe('hostile identifiers', () => {
	it('reads columns and tables whose names hold quotes, semicolons, spaces and dashes', async () => {
		const { data, error } = await h.anon
			.from('weird "table"')
			.select('"x;drop table people;--", "with space", with-dash');
		expect(error).toBeNull();
		expect(data).toEqual([
			{ 'x;drop table people;--': 'semicolon', 'with space': 'space', 'with-dash': 'dash' }
		]);
		const quoted = await h.raw(
			`/${encodeURIComponent('weird "table"')}?select=${encodeURIComponent('"a\\"b"')}`
		);
		expect(await quoted.json()).toEqual([{ 'a"b': 'quote' }]);
		const filtered = await h.anon
			.from('weird "table"')
			.select('id')
			.eq('"x;drop table people;--"', 'semicolon');
		expect(filtered.data).toEqual([{ id: 1 }]);
	});

	it('quotes an alias, whatever it holds', async () => {
		const alias = encodeURIComponent('"x\\"; drop table people; --":name');
		const response = await h.raw(`/teams?select=${alias}&id=eq.1`);
		expect(await response.json()).toEqual([{ 'x"; drop table people; --': 'Core' }]);
	});

	it('treats an unknown hostile column as an unknown column', async () => {
		const { error, status } = await h.anon
			.from('people')
			.select(`"id\\" from people; drop table people; --"`);
		expect(status).toBe(400);
		expect(error?.code).toBe('42703');
	});

	it('refuses casts, orders and operators that are not plain names', async () => {
		for (const path of [
			'/people?select=id::text;drop table people',
			'/people?order=id;drop table people',
			'/people?id=eq);drop table people;--',
			"/people?name=wfts(x'y).a"
		]) {
			const response = await h.raw(path);
			expect(response.status, path).toBe(400);
			expect((await response.json()).code, path).toBe('PGRST100');
		}
	});

	it('ignores what follows a closing parenthesis in select, as PostgREST does', async () => {
		const response = await h.raw('/people?select=id::text)%20from%20people;--&id=eq.1');
		expect(await response.json()).toEqual([{ id: '1' }]);
	});

	it('finds no table, function, relationship or schema under a hostile name', async () => {
		expect((await h.anon.from(`people; drop table people`).select()).error?.code).toBe('PGRST205');
		expect((await h.anon.rpc(`add(1,1); drop table people; --`)).error?.code).toBe('PGRST202');
		expect((await h.anon.from('projects').select(`name, people!"x;drop"(name)`)).error?.code).toBe(
			'PGRST200'
		);
		const schema = h.anon.schema(`public"; drop table people; --`);
		expect((await schema.from('people').select()).status).toBe(406);
	});
});

describe('hostile values', () => {
	it('binds filter values, however they are quoted', async () => {
		const people = () => h.anon.from('people').select('id');
		expect((await people().eq('name', injection)).data).toEqual([]);
		expect((await people().eq('name', `Ada' or '1'='1`)).data).toEqual([]);
		expect((await people().like('name', `%' or '1'='1`)).data).toEqual([]);
		expect((await people().in('name', [injection, `a"b`, 'x,y)', ')--', 'Ada'])).data).toEqual([
			{ id: 1 }
		]);
		expect((await people().or(`name.eq."${injection}",name.eq.Grace`)).data).toEqual([{ id: 2 }]);
		expect((await people().eq(`profile->>x'); drop table people; --`, 'y')).data).toEqual([]);
		expect((await people().textSearch('name', injection, { type: 'websearch' })).error).toBeNull();
	});

	it('answers a NUL byte in a value with a 400, not a crash', async () => {
		const { status, error } = await h.anon.from('people').select('id').eq('name', 'a\u0000b');
		expect(status).toBe(400);
		expect(error?.code).toBe('22021');
	});

	it('stores hostile JSON values verbatim and refuses hostile JSON keys', async () => {
		const { data } = await h.service
			.from('labels')
			.insert({ id: 800, name: injection })
			.select('name')
			.single();
		expect(data).toEqual({ name: injection });
		const key = await h.service
			.from('labels')
			.insert({ id: 801, [`name"; drop table people; --`]: 'x' });
		expect(key.status).toBe(400);
		expect(key.error?.code).toBe('PGRST204');
		const nested = await h.service
			.from('people')
			.update({ profile: { [injection]: injection } })
			.eq('id', 4)
			.select('profile')
			.single();
		expect(nested.data).toEqual({ profile: { [injection]: injection } });
	});

	it('keeps hostile function arguments to their parameters', async () => {
		expect((await h.anon.rpc('greet', { name: injection })).data).toBe(`hi ${injection}`);
		expect(
			(await h.anon.rpc('add', { a: 1, [`b := 1); drop table people; --`]: 2 })).error?.code
		).toBe('PGRST202');
		const response = await h.raw(`/rpc/greet?name=${encodeURIComponent(injection)}`);
		expect(await response.json()).toBe(`hi ${injection}`);
		const cast = await h.raw(`/rpc/add?a=1&b=${encodeURIComponent('1); drop table people; --')}`);
		expect(cast.status).toBe(400);
		expect((await cast.json()).code).toBe('22P02');
	});

	it('ignores hostile limits, preferences and ranges', async () => {
		const limit = await h.raw('/people?select=id&limit=1;drop table people');
		expect(limit.status).toBe(200);
		const prefer = await h.raw('/people?select=id', {
			headers: { Prefer: `count=exact; drop table people` }
		});
		expect(prefer.status).toBe(200);
		const range = await h.raw('/people?select=id', {
			headers: { Range: `0-1; drop table people` }
		});
		expect((await range.json()).length).toBe(4);
	});

	it('quotes hostile on_conflict names', async () => {
		const { error } = await h.service
			.from('labels')
			.upsert({ id: 802, name: 'c' }, { onConflict: `"name); drop table people; --"` });
		expect(error?.code).toBe('42703');
	});
});
