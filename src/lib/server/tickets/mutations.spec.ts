// Each write's PostgREST request, exactly, and the words a refusal turns into.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingClient, sent } from '../recording-client';
import { addMessage, fileTicket, updateTicket } from './mutations';

const postgrestError = (status: number, code: string) => () =>
	Response.json({ code, message: 'from the database', details: null, hint: null }, { status });

beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('filing a ticket', () => {
	it('inserts it for the customer and reads back its id only', async () => {
		const { client, requests } = recordingClient(() => Response.json({ id: 42 }, { status: 201 }));
		const ticket = { subject: 'Printer', description: 'Jammed.' };
		expect(await fileTicket(client, 'cust-1', ticket)).toEqual({ id: 42 });
		expect(sent(requests[0])).toEqual({
			method: 'POST',
			path: '/rest/v1/tickets',
			params: { select: 'id' },
			body: { ...ticket, customer_id: 'cust-1' }
		});
		expect(requests[0].headers.get('Prefer')).toBe('return=representation');
		expect(requests[0].headers.get('Accept')).toBe('application/vnd.pgrst.object+json');
	});

	it('tells a person what went wrong in words, not SQL', async () => {
		const { client } = recordingClient(postgrestError(400, '23514'));
		expect(await fileTicket(client, 'cust-1', { subject: 's', description: 'd' })).toEqual({
			status: 400,
			message: 'That cannot be saved: check what you entered.'
		});
	});
});

describe('adding a message', () => {
	it('files a public reply', async () => {
		const { client, requests } = recordingClient(() => new Response(null, { status: 201 }));
		const message = { ticketId: 7, authorId: 'agent-1', body: 'On it.', internal: false };
		expect(await addMessage(client, message)).toBeUndefined();
		expect(sent(requests[0])).toEqual({
			method: 'POST',
			path: '/rest/v1/ticket_activities',
			params: {},
			body: {
				ticket_id: 7,
				author_id: 'agent-1',
				kind: 'reply',
				is_internal: false,
				body: 'On it.'
			}
		});
	});

	it('files an internal note as internal', async () => {
		const { client, requests } = recordingClient(() => new Response(null, { status: 201 }));
		await addMessage(client, { ticketId: 7, authorId: 'agent-1', body: 'Hm.', internal: true });
		expect(requests[0].body).toEqual({
			ticket_id: 7,
			author_id: 'agent-1',
			kind: 'note',
			is_internal: true,
			body: 'Hm.'
		});
	});

	it('says who may not post when RLS refuses', async () => {
		const { client } = recordingClient(postgrestError(403, '42501'));
		const message = { ticketId: 7, authorId: 'cust-1', body: 'Hm.', internal: true };
		expect(await addMessage(client, message)).toEqual({
			status: 403,
			message: 'You may not add a note here.'
		});
	});
});

describe('updating a ticket', () => {
	it('changes that ticket only, and reads back its id to know it was there', async () => {
		const { client, requests } = recordingClient(() => Response.json([{ id: 5 }]));
		const changes = { status: 'pending', priority: 'high', assignee_id: null } as const;
		expect(await updateTicket(client, 5, changes)).toBeUndefined();
		expect(sent(requests[0])).toEqual({
			method: 'PATCH',
			path: '/rest/v1/tickets',
			params: { id: 'eq.5', select: 'id' },
			body: changes
		});
	});

	it('is a 404 when no row changed: the ticket is gone, or hidden by RLS', async () => {
		const { client } = recordingClient(() => Response.json([]));
		expect(await updateTicket(client, 5, { status: 'solved' })).toEqual({
			status: 404,
			message: 'That ticket is gone.'
		});
	});

	it('asks to try again when the database is out of reach', async () => {
		const { client } = recordingClient(postgrestError(503, 'PGRST000'));
		expect(await updateTicket(client, 5, { status: 'solved' })).toEqual({
			status: 503,
			message: 'Could not update this ticket. Try again in a moment.'
		});
	});
});
