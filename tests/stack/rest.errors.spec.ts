// PostgREST's error bodies and statuses: its own PGRST codes for bad requests and unknown names,
// PostgreSQL's SQLSTATEs mapped to HTTP, and a clear 400 for what the local stack does not do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

const errorOf = async (response: Response) => ({
	status: response.status,
	body: await response.json()
});

describe('bad query parameters: 400 PGRST100', () => {
	it('names the parameter, line and column, and what was expected', async () => {
		expect(await errorOf(await h.raw('/tasks?select=id,projects(name[])'))).toEqual({
			status: 400,
			body: {
				code: 'PGRST100',
				message: '"failed to parse select parameter (id,projects(name[]))" (line 1, column 17)',
				details: expect.stringMatching(/^unexpected "\[" expecting /),
				hint: null
			}
		});
	});

	it('rejects an unknown operator, a bad order and a bad logic tree', async () => {
		const operator = await errorOf(await h.raw('/tasks?id=equals.1'));
		expect(operator.status).toBe(400);
		expect(operator.body.code).toBe('PGRST100');
		expect(operator.body.message).toBe('"failed to parse filter (equals.1)" (line 1, column 3)');
		const order = await errorOf(await h.raw('/tasks?order=id.upward'));
		expect(order.body.message).toBe('"failed to parse order (id.upward)" (line 1, column 3)');
		const logic = await errorOf(await h.raw('/tasks?or=(id.eq.1'));
		expect(logic.body.message).toMatch(/^"failed to parse logic tree \(or\(id\.eq\.1\)" /);
	});
});

describe('unknown names', () => {
	it('answers an unknown table with 404 PGRST205, suggesting a close one', async () => {
		const { error, status } = await h.anon.from('taks').select();
		expect(status).toBe(404);
		expect(error).toEqual({
			code: 'PGRST205',
			message: "Could not find the table 'public.taks' in the schema cache",
			details: null,
			hint: "Perhaps you meant the table 'public.tasks'"
		});
		const far = await h.anon.from('zzzzzz').select();
		expect(far.error?.hint).toBeNull();
	});

	it('answers an unknown column in select or filter with 400 42703', async () => {
		const { error, status } = await h.anon.from('tasks').select('id, nope');
		expect(status).toBe(400);
		expect(error).toEqual({
			code: '42703',
			message: 'column tasks.nope does not exist',
			details: null,
			hint: null
		});
		expect((await h.anon.from('tasks').select('id').eq('nope', 1)).error?.code).toBe('42703');
	});

	it('answers a filter on a resource not embedded with 400 PGRST108', async () => {
		const { error, status } = await h.anon.from('tasks').select('id').eq('projects.name', 'x');
		expect(status).toBe(400);
		expect(error?.code).toBe('PGRST108');
	});
});

describe('PostgreSQL errors', () => {
	it('answers invalid input for a type with 400 22P02', async () => {
		const { error, status } = await h.anon.from('tasks').select('id').eq('id', 'abc');
		expect(status).toBe(400);
		expect(error).toEqual({
			code: '22P02',
			message: 'invalid input syntax for type bigint: "abc"',
			details: null,
			hint: null
		});
	});

	it('answers an operator the column type lacks with 404 42883', async () => {
		const { error, status } = await h.anon.from('tasks').select('id').contains('priority', [1]);
		expect(status).toBe(404);
		expect(error?.code).toBe('42883');
	});
});

describe('content negotiation', () => {
	it('answers a single object for exactly one row, else 406 PGRST116', async () => {
		const none = await h.anon.from('tasks').select('id').eq('id', 99).single();
		expect(none.status).toBe(406);
		expect(none.error).toEqual({
			code: 'PGRST116',
			message: 'Cannot coerce the result to a single JSON object',
			details: 'The result contains 0 rows',
			hint: null
		});
		const response = await h.raw('/tasks?select=id&id=eq.1', {
			headers: { Accept: 'application/vnd.pgrst.object+json' }
		});
		expect(response.headers.get('content-type')).toBe(
			'application/vnd.pgrst.object+json; charset=utf-8'
		);
		expect(await response.json()).toEqual({ id: 1 });
	});

	it('answers media types it cannot produce with 406 PGRST107', async () => {
		const geojson = await h.anon.from('tasks').select('id').geojson();
		expect(geojson.status).toBe(406);
		expect(geojson.error).toEqual({
			code: 'PGRST107',
			message: 'None of these media types are available: application/geo+json',
			details: null,
			hint: null
		});
		const explain = await h.anon.from('tasks').select('id').explain();
		expect(explain.status).toBe(406);
		expect(explain.error?.code).toBe('PGRST107');
	});
});

describe('what the local stack does not do', () => {
	it('refuses aggregates, as Supabase does by default, with 400 PGRST123', async () => {
		const { error, status } = await h.anon.from('tasks').select('priority.sum()');
		expect(status).toBe(400);
		expect(error).toEqual({
			code: 'PGRST123',
			message: 'Use of aggregate functions is not allowed',
			details: null,
			hint: null
		});
	});

	it('refuses the OpenAPI root and PUT with 400 PGRST127', async () => {
		const root = await errorOf(await h.raw('/'));
		expect(root.status).toBe(400);
		expect(root.body.code).toBe('PGRST127');
		expect(root.body.details).toMatch(/OpenAPI/);
		const put = await errorOf(await h.raw('/labels?id=eq.1', { method: 'PUT', body: '{}' }));
		expect(put.body.details).toMatch(/^PUT/);
	});

	it('answers an invalid path with 404 PGRST125 and an unknown method with 405 PGRST117', async () => {
		expect(await errorOf(await h.raw('/tasks/1'))).toEqual({
			status: 404,
			body: {
				code: 'PGRST125',
				message: 'Invalid path specified in request URL',
				details: null,
				hint: null
			}
		});
		const method = await errorOf(await h.raw('/tasks', { method: 'PROPFIND' }));
		expect(method).toEqual({
			status: 405,
			body: {
				code: 'PGRST117',
				message: 'Unsupported HTTP method: PROPFIND',
				details: null,
				hint: null
			}
		});
	});

	it('rejects unknown preferences only with handling=strict (400 PGRST122)', async () => {
		const lenient = await h.raw('/tasks?select=id&limit=1', { headers: { Prefer: 'unheard-of' } });
		expect(lenient.status).toBe(200);
		const strict = await errorOf(
			await h.raw('/tasks?select=id', { headers: { Prefer: 'handling=strict, unheard-of' } })
		);
		expect(strict).toEqual({
			status: 400,
			body: {
				code: 'PGRST122',
				message: 'Invalid preferences given with handling=strict',
				details: 'Invalid preferences: unheard-of',
				hint: null
			}
		});
	});
});

describe('OPTIONS', () => {
	it('lists the methods a table allows', async () => {
		const response = await h.raw('/tasks', { method: 'OPTIONS' });
		expect(response.status).toBe(200);
		expect(response.headers.get('allow')).toBe('OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE');
	});
});
