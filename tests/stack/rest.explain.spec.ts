// The execution plan media type (`application/vnd.pgrst.plan`), as postgrest-js's explain() asks for
// it: refused (406) until `pgrst.db_plan_enabled` is set, then the plan of the very statement the
// request would run, in text or JSON, with EXPLAIN's options.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const plan = (path: string, accept: string, init: RequestInit = {}) =>
	h.raw(path, { ...init, headers: { Accept: accept, ...(init.headers as object) } });

describe('with db-plan-enabled off (the default)', () => {
	it('answers the plan media type with 406 PGRST107, naming it as PostgREST does', async () => {
		const { error, status } = await h.anon.from('tasks').select('id').explain();
		expect(status).toBe(406);
		expect(error).toEqual({
			code: 'PGRST107',
			message:
				'None of these media types are available: application/vnd.pgrst.plan+text; for="application/json"',
			details: null,
			hint: null
		});
	});
});

describe('with db-plan-enabled on', () => {
	beforeAll(() => h.configure({ db_plan_enabled: 'true' }));

	it('answers explain() with the text plan of the read', async () => {
		const { data, error, status } = await h.anon.from('tasks').select('id, title').explain();
		expect(error).toBeNull();
		expect(status).toBe(200);
		expect(data).toMatch(/^Aggregate .*\n/);
		expect(data).toMatch(/Scan on tasks/);
		const response = await plan('/tasks?select=id', 'application/vnd.pgrst.plan');
		expect(response.headers.get('content-type')).toBe(
			'application/vnd.pgrst.plan+text; for="application/json"; charset=utf-8'
		);
		expect(response.headers.get('content-range')).toBeNull();
	});

	it('gives the JSON plan as PostgreSQL prints it', async () => {
		const { data } = await h.anon.from('tasks').select('id').explain({ format: 'json' });
		const [top] = data as unknown as { Plan: { 'Node Type': string; Plans: unknown[] } }[];
		expect(top.Plan['Node Type']).toBe('Aggregate');
		const response = await plan(
			'/tasks?select=id',
			'application/vnd.pgrst.plan+json; for="application/json"; options=verbose'
		);
		expect(response.headers.get('content-type')).toBe(
			'application/vnd.pgrst.plan+json; for="application/json"; options=verbose; charset=utf-8'
		);
		const body = await response.text();
		expect(body).toMatch(/^\[\n {2}\{\n {4}"Plan": \{\n/);
		expect(body.endsWith(']\n')).toBe(true);
		expect(body).toMatch(/"Output": \[/);
	});

	it('runs EXPLAIN with the options asked for, in its own order, ignoring unknown ones', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('id')
			.eq('state', 'todo')
			.explain({ analyze: true, verbose: true, buffers: true });
		expect(data).toMatch(/actual time=/);
		expect(data).toMatch(/Output: /);
		expect(data).toMatch(/Execution Time: /);
		const unknown = await plan(
			'/tasks?select=id',
			'application/vnd.pgrst.plan+text; for="application/json"; options=nonsense|verbose'
		);
		expect(unknown.status).toBe(200);
		expect(unknown.headers.get('content-type')).toBe(
			'application/vnd.pgrst.plan+text; for="application/json"; options=verbose; charset=utf-8'
		);
	});

	it('answers options PostgreSQL refuses with its error, and keeps serving', async () => {
		const response = await plan(
			'/tasks?select=id',
			'application/vnd.pgrst.plan+text; for="application/json"; options=wal'
		);
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ code: '22023' });
		expect((await h.anon.from('tasks').select('id').eq('id', 1)).data).toEqual([{ id: 1 }]);
	});

	it('explains a single object, CSV and function calls, and refuses media types it cannot explain', async () => {
		const single = await plan(
			'/tasks?select=id&id=eq.1',
			'application/vnd.pgrst.plan; for="application/vnd.pgrst.object+json"'
		);
		expect(single.status).toBe(200);
		expect(single.headers.get('content-type')).toBe(
			'application/vnd.pgrst.plan+text; for="application/vnd.pgrst.object+json"; charset=utf-8'
		);
		expect(await single.text()).toMatch(/Aggregate/);
		const csv = await plan('/tasks?select=id', 'application/vnd.pgrst.plan; for="text/csv"');
		expect(csv.status).toBe(200);
		const call = await h.anon.rpc('project_tasks', { pid: 1 }).explain();
		expect(call.data).toMatch(/Function Scan on project_tasks|Scan on tasks/);
		const xml = await plan('/tasks?select=id', 'application/vnd.pgrst.plan; for="text/xml"');
		expect(xml.status).toBe(406);
		expect((await xml.json()).message).toBe(
			'None of these media types are available: application/vnd.pgrst.plan+text; for="text/xml"'
		);
	});

	it('explains the statement as the caller: a write PostgreSQL runs under ANALYZE is checked by RLS', async () => {
		const a = await h.as('00000000-0000-0000-0000-00000000000a');
		const { data } = await a
			.from('notes')
			.insert({ body: 'planned', owner_id: '00000000-0000-0000-0000-00000000000b' })
			.explain();
		expect(data).toMatch(/Insert on notes/);
		const analyzed = await a
			.from('notes')
			.insert({ body: 'planned', owner_id: '00000000-0000-0000-0000-00000000000b' })
			.explain({ analyze: true });
		expect(analyzed.status).toBe(403);
		expect(analyzed.error?.code).toBe('42501');
	});
});
