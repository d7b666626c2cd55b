// Requests that run into PostgreSQL's own limits (a select list over 1,664 columns, a statement too
// deep to plan) are the client's doing: they answer PostgREST's error body with the SQLSTATE and
// PostgreSQL's message, and a 400, never a 5xx.
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
