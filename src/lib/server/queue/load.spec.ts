// The queue page's load for a URL: which requests it sends (the view's query with the URL's changes)
// and what it makes of bad parameters, unknown views and refused queries.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingClient, type RecordedRequest } from '../recording-client';
import { loadQueue } from './load';
import type { ViewCount } from './queries';

const savedId = '5a5a5a5a-0000-4000-8000-000000000001';
const teamId = '7ea00000-0000-4000-8000-000000000001';

/** A stand-in database: no saved view, one team, an empty queue, counts of 3. */
function answer(request: RecordedRequest) {
	if (request.path === '/rest/v1/teams') return Response.json([{ id: teamId, name: 'Support' }]);
	if (request.path === '/rest/v1/rpc/count_tickets') {
		return Response.json([{ key: 'view', count: 3, exact: true }]);
	}
	if (request.path === '/rest/v1/rpc/list_tickets') {
		const query = (request.body as { query: { status?: string[] } }).query;
		if (query.status?.includes('closed')) {
			return Response.json(
				{ code: '22023', message: 'No.', details: null, hint: null },
				{ status: 400 }
			);
		}
	}
	return Response.json([]);
}

const load = async (
	search: string,
	sidebarCounts: Promise<Record<string, ViewCount>> | null = null
) => {
	const { client, requests } = recordingClient(answer);
	const data = await loadQueue(client, new URL(`http://app.test/agent${search}`), sidebarCounts);
	const listed = requests.find((r) => r.path === '/rest/v1/rpc/list_tickets');
	return { data, requests, query: (listed?.body as { query: object } | undefined)?.query };
};

beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('the queue page', () => {
	it('runs the default view, All open, with nothing in the URL', async () => {
		const { data, query } = await load('');
		expect(query).toEqual({ status: ['open', 'pending', 'on_hold'] });
		expect(data.view).toMatchObject({ id: 'open', name: 'All open' });
		expect(await data.total).toEqual({ count: 3, exact: true });
	});

	it('runs a built-in view with the URL’s changes', async () => {
		const { query } = await load(
			'?view=mine&status=pending&priority=urgent,high&q=printer&sort=relevance'
		);
		expect(query).toEqual({
			assignee: ['me'],
			status: ['pending'],
			priority: ['urgent', 'high'],
			search: 'printer',
			sort: 'relevance'
		});
	});

	it('runs a team’s view', async () => {
		const { data, query } = await load(`?view=team:${teamId}&status=any`);
		expect(query).toEqual({ team: [teamId] });
		expect(data.view.name).toBe('Support');
	});

	it('shows the default view and says why for a view nobody may see', async () => {
		const { data, requests, query } = await load(`?view=${savedId}`);
		expect(
			requests.some((r) => r.path === '/rest/v1/views' && r.params.id === `eq.${savedId}`)
		).toBe(true);
		expect(query).toEqual({ status: ['open', 'pending', 'on_hold'] });
		expect(data.problems).toEqual([
			'That view does not exist, or it is neither yours nor shared; showing All open instead.'
		]);
	});

	it('names each bad parameter and applies the rest', async () => {
		const { data, query } = await load('?view=pending&status=nope&priority=urgent');
		expect(query).toEqual({ status: ['pending'], priority: ['urgent'] });
		expect(data.problems).toHaveLength(1);
	});

	it('shows the database’s words and no rows when it refuses the query', async () => {
		const { data } = await load('?status=closed');
		expect(data.problems).toEqual(['No.']);
		expect(data.rows).toEqual([]);
		expect(await data.total).toBeNull();
	});

	it('takes its total from the sidebar’s counts when the URL only sorts the view', async () => {
		const sidebar = Promise.resolve({ mine: { count: 12_345, exact: false } });
		const { data, requests } = await load('?view=mine&sort=id&dir=asc', sidebar);
		expect(await data.total).toEqual({ count: 12_345, exact: false });
		expect(requests.some((r) => r.path === '/rest/v1/rpc/count_tickets')).toBe(false);
	});

	it('counts for itself when the URL changes a filter of the view', async () => {
		const sidebar = Promise.resolve({ mine: { count: 12_345, exact: false } });
		const { data, requests } = await load('?view=mine&priority=urgent', sidebar);
		expect(await data.total).toEqual({ count: 3, exact: true });
		expect(requests.some((r) => r.path === '/rest/v1/rpc/count_tickets')).toBe(true);
	});
});
