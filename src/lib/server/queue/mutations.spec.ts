// Each write's PostgREST request, exactly, and the words a refusal turns into.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingClient, sent } from '../recording-client';
import { bulkUpdate, deleteView, saveView } from './mutations';

const failing =
	(status: number, code: string, message = 'from the database') =>
	() =>
		Response.json({ code, message, details: null, hint: null }, { status });

beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

const view = {
	name: 'Urgent billing',
	shared: false,
	query: { priority: ['urgent' as const] },
	columns: ['subject' as const, 'status' as const]
};

describe('saving a view', () => {
	it('inserts a new one and reads back its id', async () => {
		const { client, requests } = recordingClient(() =>
			Response.json([{ id: 'v1' }], { status: 201 })
		);
		expect(await saveView(client, view)).toEqual({ id: 'v1' });
		expect(sent(requests[0])).toEqual({
			method: 'POST',
			path: '/rest/v1/views',
			params: { select: 'id' },
			body: view
		});
	});

	it('replaces the one it is given', async () => {
		const { client, requests } = recordingClient(() => Response.json([{ id: 'v1' }]));
		expect(await saveView(client, view, 'v1')).toEqual({ id: 'v1' });
		expect(sent(requests[0])).toEqual({
			method: 'PATCH',
			path: '/rest/v1/views',
			params: { id: 'eq.v1', select: 'id' },
			body: view
		});
	});

	it('says a name is taken, sharing is for admins, and a gone view is gone', async () => {
		expect(await saveView(recordingClient(failing(409, '23505')).client, view)).toEqual({
			status: 409,
			message: 'There is already a view called “Urgent billing”.'
		});
		expect(
			await saveView(recordingClient(failing(403, '42501')).client, { ...view, shared: true })
		).toEqual({ status: 403, message: 'You may not share views.' });
		expect(await saveView(recordingClient(() => Response.json([])).client, view, 'v9')).toEqual({
			status: 404,
			message: 'That view is gone, or it is not yours to change.'
		});
	});

	it('passes on the database’s words about a query it cannot run', async () => {
		const { client } = recordingClient(failing(400, '22023', 'There is no status "x".'));
		expect(await saveView(client, view)).toEqual({
			status: 400,
			message: 'There is no status "x".'
		});
	});
});

describe('deleting a view', () => {
	it('deletes it by id and knows whether it was there to delete', async () => {
		const { client, requests } = recordingClient(() => Response.json([{ id: 'v1' }]));
		expect(await deleteView(client, 'v1')).toBeUndefined();
		expect(sent(requests[0])).toEqual({
			method: 'DELETE',
			path: '/rest/v1/views',
			params: { id: 'eq.v1', select: 'id' },
			body: undefined
		});
		expect(await deleteView(recordingClient(() => Response.json([])).client, 'v1')).toEqual({
			status: 404,
			message: 'That view is gone, or it is not yours to delete.'
		});
	});
});

describe('a bulk action', () => {
	const result = {
		changed: 2,
		unchanged: 0,
		refused: 1,
		reasons: [{ reason: 'No.', count: 1, ids: [3] }]
	};

	it('sends one call with the change and the ids', async () => {
		const { client, requests } = recordingClient(() => Response.json(result));
		expect(await bulkUpdate(client, { action: 'assign', value: 'me' }, { ids: [1, 2, 3] })).toEqual(
			result
		);
		expect(sent(requests[0])).toEqual({
			method: 'POST',
			path: '/rest/v1/rpc/bulk_update_tickets',
			params: {},
			body: { changes: { assignee: 'me' }, ids: [1, 2, 3] }
		});
	});

	it('or with the query of the whole view', async () => {
		const { client, requests } = recordingClient(() => Response.json(result));
		await bulkUpdate(
			client,
			{ action: 'status', value: 'solved' },
			{ query: { status: ['open'] } }
		);
		expect(requests[0].body).toEqual({
			changes: { status: 'solved' },
			query: { status: ['open'] }
		});
	});

	it('passes on the database’s words, and never trusts an answer of another shape', async () => {
		const limit = 'A bulk action changes at most 5,000 tickets at a time; 50,000 were picked.';
		expect(
			await bulkUpdate(
				recordingClient(failing(400, '22023', limit)).client,
				{ action: 'status', value: 'open' },
				{ ids: [1] }
			)
		).toEqual({ status: 400, message: limit });
		expect(
			await bulkUpdate(
				recordingClient(failing(403, '42501')).client,
				{ action: 'status', value: 'open' },
				{ ids: [1] }
			)
		).toEqual({ status: 403, message: 'You may not change these tickets.' });
		expect(
			await bulkUpdate(
				recordingClient(() => Response.json({ ok: true })).client,
				{ action: 'status', value: 'open' },
				{ ids: [1] }
			)
		).toEqual({ status: 503, message: 'Could not change these tickets. Try again in a moment.' });
	});
});
