// Each read's PostgREST request, exactly, and what a failure turns into.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingClient, sent } from '../recording-client';
import {
	loadPeople,
	loadQueuePage,
	loadSavedView,
	loadTeams,
	loadViewCounts,
	savedView
} from './queries';

const failing =
	(status: number, code: string, message = 'from the database') =>
	() =>
		Response.json({ code, message, details: null, hint: null }, { status });

const row = {
	id: 7,
	subject: 'Printer',
	status: 'open',
	priority: 'high',
	tags: ['vip'],
	created_at: '2026-01-01T00:00:00Z',
	updated_at: '2026-01-02T00:00:00Z',
	customer_id: 'c1',
	customer_name: 'Casey',
	assignee_id: null,
	assignee_name: null,
	team_id: null,
	team_name: null,
	sla_due_at: null,
	sla_warn_at: null,
	sla_paused_at: null,
	rank: null,
	headline: null,
	snippet: null,
	snippet_kind: null,
	cursor: ['2026-01-02T00:00:00Z', 7]
};

beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('a page of the queue', () => {
	it('asks list_tickets for one row more than it shows, after the cursor', async () => {
		const { client, requests } = recordingClient(() => Response.json([row, { ...row, id: 6 }]));
		const page = await loadQueuePage(client, { status: ['open'] }, ['2026-01-03', 9], 1);
		expect(sent(requests[0])).toEqual({
			method: 'POST',
			path: '/rest/v1/rpc/list_tickets',
			params: {},
			body: { query: { status: ['open'] }, after: ['2026-01-03', 9], page_size: 2 }
		});
		const { cursor: _cursor, ...shown } = row;
		expect(page).toEqual({ rows: [shown], next: row.cursor });
	});

	it('is the database’s own words when the query cannot run', async () => {
		const { client } = recordingClient(failing(400, '22023', 'There is no status "x".'));
		expect(await loadQueuePage(client, {}, null, 50)).toEqual({
			problem: 'There is no status "x".'
		});
	});

	it('is a 403 for someone who is not staff, a 503 when the database is away', async () => {
		await expect(
			loadQueuePage(recordingClient(failing(403, '42501')).client, {}, null, 50)
		).rejects.toMatchObject({
			status: 403
		});
		await expect(
			loadQueuePage(recordingClient(failing(503, 'PGRST000')).client, {}, null, 50)
		).rejects.toMatchObject({
			status: 503,
			body: { message: 'Could not load the queue. Try again in a moment.' }
		});
	});
});

describe('view counts', () => {
	it('are counted in one call, keyed as asked', async () => {
		const { client, requests } = recordingClient(() =>
			Response.json([
				{ key: 'all', count: 12000, exact: false },
				{ key: 'mine', count: 3, exact: true }
			])
		);
		expect(await loadViewCounts(client, { all: {}, mine: { assignee: ['me'] } })).toEqual({
			all: { count: 12000, exact: false },
			mine: { count: 3, exact: true }
		});
		expect(sent(requests[0])).toEqual({
			method: 'POST',
			path: '/rest/v1/rpc/count_tickets',
			params: {},
			body: { queries: { all: {}, mine: { assignee: ['me'] } } }
		});
	});

	it('ask nothing when there is nothing to count', async () => {
		const { client, requests } = recordingClient();
		expect(await loadViewCounts(client, {})).toEqual({});
		expect(requests).toEqual([]);
	});
});

describe('saved views', () => {
	const view = {
		id: 'v1',
		name: 'Urgent',
		shared: false,
		owner_id: 'a1',
		query: { priority: ['urgent'] },
		columns: []
	};

	it('drops a stored query the app cannot read rather than running something else', () => {
		expect(savedView({ ...view, query: { status: ['gone'] } }).query).toEqual({});
		expect(savedView(view)).toEqual(view);
	});

	it('is one by id, or null when the caller may not see it', async () => {
		const { client, requests } = recordingClient(() => Response.json([]));
		expect(await loadSavedView(client, 'v9')).toBeNull();
		expect(requests[0].params).toEqual({
			select: 'id,name,shared,owner_id,query,columns',
			id: 'eq.v9'
		});
	});
});

describe('teams and people', () => {
	it('lists every team by name', async () => {
		const { client, requests } = recordingClient(() =>
			Response.json([{ id: 't1', name: 'Billing' }])
		);
		expect(await loadTeams(client)).toEqual([{ id: 't1', name: 'Billing' }]);
		expect(requests[0].params).toEqual({ select: 'id,name', order: 'name.asc' });
	});

	it('reads the people a filter names, and asks nothing for none', async () => {
		const { client, requests } = recordingClient(() => Response.json([]));
		await loadPeople(client, ['c1', 'c2']);
		expect(requests[0].params).toEqual({
			select: 'id,full_name,email',
			id: 'in.(c1,c2)',
			order: 'full_name.asc'
		});
		const idle = recordingClient();
		expect(await loadPeople(idle.client, [])).toEqual([]);
		expect(idle.requests).toEqual([]);
	});
});
