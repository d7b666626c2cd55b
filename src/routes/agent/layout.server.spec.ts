// The agent workspace's layout load: the views' counts are taken on the server only for a full load
// of the queue, the one page that shows them; every other page (a ticket, the knowledge base) and
// every data request asks the database for the view list and availability alone.
import { describe, expect, it } from 'vitest';
import { recordingClient } from '$lib/server/recording-client';
import { load } from './+layout.server';

const workspace = { teams: [], saved: [], availability: null, counts: {}, counts_error: null };

async function countsAsked(path: string, routeId: string, isDataRequest: boolean) {
	const { client, requests } = recordingClient((request) =>
		Response.json(request.path === '/rest/v1/rpc/agent_workspace' ? workspace : [])
	);
	const locals = {
		supabase: client,
		role: 'agent',
		claims: { sub: 'a1000000-0000-4000-8000-000000000001', aal: 'aal2', user_role: 'agent' },
		authUnavailable: false
	};
	const data = await load({
		locals,
		url: new URL(`http://app.test${path}`),
		route: { id: routeId },
		isDataRequest
	} as never);
	const [read] = requests.filter((r) => r.path === '/rest/v1/rpc/agent_workspace');
	return {
		withCounts: (read.body as { with_counts: boolean }).with_counts,
		counts: data && 'views' in data ? data.views.counts : undefined
	};
}

describe('the agent layout', () => {
	it('counts the views on a full load of the queue', async () => {
		const asked = await countsAsked('/agent', '/agent', false);
		expect(asked.withCounts).toBe(true);
		expect(await asked.counts).toEqual({});
	});

	it('does not count them for a ticket page, which does not show them', async () => {
		expect(await countsAsked('/agent/tickets/42', '/agent/tickets/[id]', false)).toEqual({
			withCounts: false,
			counts: null
		});
	});

	it('does not count them for a data request (the browser counts)', async () => {
		expect((await countsAsked('/agent', '/agent', true)).withCounts).toBe(false);
	});
});
