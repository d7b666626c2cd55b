// Malformed requests answer PostgREST's own 4xx errors, never a 5xx: paths with broken
// percent-escapes read as Warp reads them, and requests that run into PostgreSQL's own limits (a
// select list over 1,664 columns) answer PostgREST's body with the SQLSTATE, and a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

describe('PostgreSQL limits reached by a request', () => {
	it('answers a select of 2,000 columns with 400 and the 1,664-column limit', async () => {
		const columns = Array.from({ length: 2000 }, () => 'id').join(',');
		const response = await h.raw(`/tasks?select=${columns}`);
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			code: '54011',
			message: 'target lists can have at most 1664 entries',
			details: null,
			hint: null
		});
	});

	it('answers the same through supabase-js, as an error it can show', async () => {
		const columns = Array.from({ length: 1700 }, () => 'id').join(',');
		const { data, error, status } = await h.service.from('tasks').select(columns);
		expect(data).toBeNull();
		expect(status).toBe(400);
		expect(error).toMatchObject({ code: '54011' });
	});

	it('still reads a select list just under the limit', async () => {
		const columns = Array.from({ length: 1600 }, () => 'id').join(',');
		const { error, status } = await h.service.from('tasks').select(columns).limit(1);
		expect(error).toBeNull();
		expect(status).toBe(200);
	});
});

describe('paths with broken percent-escapes', () => {
	it('keeps what is not an escape as written, and finds no such table', async () => {
		for (const [path, name] of [
			['/%', '%'],
			['/tickets%zz', 'tickets%zz'],
			['/t%61sks%', 'tasks%']
		]) {
			const response = await h.raw(path);
			expect(response.status, path).toBe(404);
			expect(await response.json()).toMatchObject({
				code: 'PGRST205',
				message: `Could not find the table 'public.${name}' in the schema cache`
			});
		}
	});

	it('still decodes the escapes that are valid', async () => {
		const response = await h.raw('/t%61sks?select=id&limit=1');
		expect(response.status).toBe(200);
	});
});
