// Function calls on /rpc: arguments by name, GET for stable functions, results of every shape,
// overloads, read-only transactions, and errors raised inside functions.
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

describe('calling functions', () => {
	it('calls with named arguments from a JSON body and returns a scalar', async () => {
		const { data, status } = await h.anon.rpc('add', { a: 2, b: 3 });
		expect(status).toBe(200);
		expect(data).toBe(5);
	});

	it('calls a stable function with GET and query arguments', async () => {
		const { data } = await h.anon.rpc('greet', { name: 'Ada' }, { get: true });
		expect(data).toBe('hi Ada');
		const response = await h.raw('/rpc/add?a=40&b=2');
		expect(await response.json()).toBe(42);
	});

	it('calls a function without arguments', async () => {
		expect((await h.anon.rpc('hello')).data).toBe('hello');
		expect((await h.anon.rpc('hello', {}, { get: true })).data).toBe('hello');
	});

	it('answers 204 for a void function, and its writes are committed', async () => {
		const { status, data, error } = await h.service.rpc('touch_task', { task_id: 3 });
		expect(error).toBeNull();
		expect(status).toBe(204);
		expect(data).toBeNull();
		const task = await h.service.from('tasks').select('priority').eq('id', 3).single();
		expect(task.data).toEqual({ priority: 1 });
		await h.service.from('tasks').update({ priority: null }).eq('id', 3);
	});

	it('filters, orders, limits and embeds a set-returning function like a table', async () => {
		const { data } = await h.anon
			.rpc('project_tasks', { pid: 1 })
			.select('id, title, projects(name)')
			.gt('id', 1)
			.order('id', { ascending: false })
			.limit(1);
		expect(data).toEqual([{ id: 3, title: 'Write the notes', projects: { name: 'Engine' } }]);
		const counted = await h.anon.rpc('project_tasks', { pid: 1 }, { count: 'exact' }).range(0, 0);
		expect(counted.count).toBe(3);
		expect(counted.status).toBe(206);
	});

	it('returns a set of scalars as an array, a single composite as an object, TABLE as rows', async () => {
		expect((await h.anon.rpc('task_titles').limit(2)).data).toEqual([
			'Design the engine',
			'Build the mill'
		]);
		const first = await h.anon.rpc('first_task').select('id, title');
		expect(first.data).toEqual({ id: 1, title: 'Design the engine' });
		const stats = await h.anon.rpc('task_stats');
		expect(stats.data).toEqual([
			{ state: 'todo', n: 3 },
			{ state: 'doing', n: 1 },
			{ state: 'done', n: 1 }
		]);
		const single = await h.anon.rpc('project_tasks', { pid: 2 }).select('id').eq('id', 4).single();
		expect(single.data).toEqual({ id: 4 });
	});

	it('passes the whole body to a single unnamed json parameter', async () => {
		const { data } = await h.anon.rpc('echo', { any: ['shape', { at: 'all' }] });
		expect(data).toEqual({ any: ['shape', { at: 'all' }] });
	});

	it('collects repeated query arguments into a variadic parameter', async () => {
		const response = await h.raw('/rpc/sum_all?nums=1&nums=2&nums=3');
		expect(await response.json()).toBe(6);
		expect((await h.anon.rpc('sum_all', { nums: [4, 5] })).data).toBe(9);
	});

	it('calls a function of another exposed schema', async () => {
		const client = h.anon.schema('reporting');
		expect((await client.rpc('summary_count')).data).toBe(2);
	});

	it('answers HEAD with only the count', async () => {
		const { data, count, status } = await h.anon.rpc(
			'task_titles',
			{},
			{ head: true, count: 'exact' }
		);
		expect(status).toBe(200);
		expect(data).toBeNull();
		expect(count).toBe(5);
	});
});

describe('choosing among overloads', () => {
	it('picks the overload whose parameters the argument names match', async () => {
		expect((await h.anon.rpc('greet', { name: 'Bo' })).data).toBe('hi Bo');
		expect((await h.anon.rpc('greet', { name: 'Bo', greeting: 'hey' })).data).toBe('hey Bo');
	});

	it('answers 300 PGRST203 when several overloads match', async () => {
		const { error, status } = await h.anon.rpc('pick');
		expect(status).toBe(300);
		expect(error).toEqual({
			code: 'PGRST203',
			message:
				'Could not choose the best candidate function between: public.pick(a => integer), public.pick(b => text)',
			details: null,
			hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved'
		});
	});

	it('answers 404 PGRST202 for an unknown function or argument names, with a suggestion', async () => {
		const unknown = await h.anon.rpc('helo');
		expect(unknown.status).toBe(404);
		expect(unknown.error).toEqual({
			code: 'PGRST202',
			message: 'Could not find the function public.helo without parameters in the schema cache',
			details:
				'Searched for the function public.helo without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
			hint: 'Perhaps you meant to call the function public.hello'
		});
		const wrongArgs = await h.anon.rpc('add', { a: 1, c: 2 });
		expect(wrongArgs.error).toEqual({
			code: 'PGRST202',
			message: 'Could not find the function public.add(a, c) in the schema cache',
			details:
				'Searched for the function public.add with parameters a, c or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
			hint: 'Perhaps you meant to call the function public.add(a, b)'
		});
		const viaGet = await h.raw('/rpc/add?a=1');
		expect((await viaGet.json()).details).toBe(
			'Searched for the function public.add with parameter a, but no matches were found in the schema cache.'
		);
	});
});

describe('transactions', () => {
	it('runs GET calls read-only: a write there is 405 25006', async () => {
		const response = await h.raw('/rpc/new_label?id=900&name=nope', {
			headers: { Authorization: `Bearer ${h.stack.keys.serviceRole}` }
		});
		expect(response.status).toBe(405);
		expect((await response.json()).code).toBe('25006');
	});

	it('runs stable functions read-only even on POST, volatile ones read-write', async () => {
		const sneaky = await h.service.rpc('sneaky_next');
		expect(sneaky.status).toBe(405);
		expect(sneaky.error?.code).toBe('25006');
		const { data, status } = await h.service.rpc('new_label', { id: 901, name: 'made' });
		expect(status).toBe(200);
		expect(data).toEqual({ id: 901, name: 'made' });
	});
});

describe('errors raised in functions', () => {
	it('answers RAISE EXCEPTION with 400 P0001 and its detail and hint', async () => {
		const { error, status } = await h.anon.rpc('fail', { kind: 'raise' });
		expect(status).toBe(400);
		expect(error).toEqual({
			code: 'P0001',
			message: 'something broke',
			details: 'the detail',
			hint: 'the hint'
		});
	});

	it('answers an undefined table with 404 42P01', async () => {
		const { error, status } = await h.anon.rpc('count_nowhere');
		expect(status).toBe(404);
		expect(error?.code).toBe('42P01');
		expect(error?.message).toBe('relation "public.nowhere" does not exist');
	});

	it('answers SQLSTATE PTxyz with status xyz', async () => {
		const { error, status } = await h.anon.rpc('fail', { kind: 'payment' });
		expect(status).toBe(402);
		expect(error?.code).toBe('PT402');
		expect(error?.message).toBe('Payment Required');
	});

	it("gives RAISE SQLSTATE 'PGRST' full control of the response", async () => {
		const response = await fetch(`${h.stack.url}/rest/v1/rpc/fail`, {
			method: 'POST',
			headers: { apikey: h.stack.keys.anon, 'Content-Type': 'application/json' },
			body: JSON.stringify({ kind: 'custom' })
		});
		expect(response.status).toBe(418);
		expect(response.headers.get('x-teapot')).toBe('yes');
		expect(await response.json()).toEqual({
			code: '123',
			message: 'custom message',
			details: 'custom details',
			hint: 'custom hint'
		});
	});

	it('lets a function set the status and headers with response.status and response.headers', async () => {
		const response = await h.raw('/rpc/with_response_headers');
		expect(response.status).toBe(202);
		expect(response.headers.get('x-answer')).toBe('42');
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toBe('accepted');
	});

	it('sends the CORS headers first, then Vary, whether the stack or the function set the rest', async () => {
		// The header names in the order they came on the wire (fetch's Headers sorts them).
		const names = (path: string) =>
			new Promise<string[]>((done, fail) => {
				const request = get(`${h.stack.url}/rest/v1${path}`, {
					headers: { apikey: h.stack.keys.anon }
				});
				request.on('response', (response) => {
					response.resume();
					done(response.rawHeaders.filter((_, i) => i % 2 === 0));
				});
				request.on('error', fail);
			});
		const first = ['Access-Control-Allow-Origin', 'Access-Control-Expose-Headers', 'Vary'];
		const last = ['Content-Length', 'Date', 'Connection', 'Keep-Alive'];
		const types = ['Content-Type', 'Content-Profile'];
		expect(await names('/rpc/add?a=40&b=2')).toEqual([
			...first,
			'Content-Range',
			...types,
			...last
		]);
		expect(await names('/rpc/with_response_headers')).toEqual([
			...first,
			'Content-Range',
			...types,
			'X-Answer',
			'Cache-Control',
			...last
		]);
		expect(await names('/rpc/missing_function')).toEqual([...first, 'Content-Type', ...last]);
		expect(await names('/tasks?select=id&id=eq.1')).toEqual([
			...first,
			'Content-Range',
			'Content-Location',
			...types,
			...last
		]);
	});

	it('refuses other methods on /rpc with 405 PGRST101', async () => {
		const response = await h.raw('/rpc/add', { method: 'PATCH' });
		expect(response.status).toBe(405);
		expect(await response.json()).toEqual({
			code: 'PGRST101',
			message: 'Cannot use the PATCH method on RPC',
			details: null,
			hint: null
		});
	});
});
