// Each read's PostgREST request, exactly: which rows it asks for (filters), which columns (select),
// in what order and how many. A changed filter fails here before anyone sees the wrong tickets.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingClient, sent } from '../recording-client';
import {
	countByStatus,
	getTicket,
	listActivities,
	listLinks,
	listOwnTickets,
	listTicketTypes,
	listStaff
} from './queries';

const summarySelect =
	'id,subject,status,priority,created_at,updated_at,customer:profiles!tickets_customer_id_fkey(full_name,email),assignee:profiles!tickets_assignee_id_fkey(id,full_name)';

const ticketRow = {
	id: 42,
	subject: 'Printer on fire',
	status: 'open',
	priority: 'urgent',
	created_at: '2026-03-01T09:00:00Z',
	updated_at: '2026-03-01T10:00:00Z',
	customer: { full_name: 'Cleo Client', email: 'cleo@example.com' },
	assignee: null
};

const refused = () =>
	Response.json(
		{ code: '42501', message: 'permission denied', details: null, hint: null },
		{
			status: 401
		}
	);

beforeEach(() => {
	// The loaders log a failed read for the server's log; the tests check what people are told.
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe("a customer's own tickets", () => {
	it('are only theirs, the most recently active first, at most 100', async () => {
		const { client, requests } = recordingClient(() => Response.json([ticketRow]));
		expect(await listOwnTickets(client, 'cust-1')).toEqual([ticketRow]);
		expect(requests).toHaveLength(1);
		expect(sent(requests[0])).toEqual({
			method: 'GET',
			path: '/rest/v1/tickets',
			params: {
				select: summarySelect,
				customer_id: 'eq.cust-1',
				order: 'updated_at.desc',
				limit: '100'
			}
		});
	});

	it("keep to a tab's statuses and search subjects as text, wildcards included", async () => {
		const { client, requests } = recordingClient(() => Response.json([]));
		await listOwnTickets(client, 'cust-1', {
			statuses: ['solved', 'closed'],
			search: ' 100%_off '
		});
		expect(sent(requests[0]).params).toEqual({
			select: summarySelect,
			customer_id: 'eq.cust-1',
			status: 'in.(solved,closed)',
			subject: 'ilike.%100\\%\\_off%',
			order: 'updated_at.desc',
			limit: '100'
		});
	});

	it('find a ticket by its number', async () => {
		const { client, requests } = recordingClient(() => Response.json([]));
		await listOwnTickets(client, 'cust-1', { search: '#42' });
		expect(sent(requests[0]).params).toMatchObject({ customer_id: 'eq.cust-1', id: 'eq.42' });
		expect(sent(requests[0]).params).not.toHaveProperty('subject');
	});

	it('fail with a message for people when the read fails', async () => {
		const { client } = recordingClient(refused);
		await expect(listOwnTickets(client, 'cust-1')).rejects.toMatchObject({
			status: 503,
			body: { message: 'Could not load your tickets. Try again in a moment.' }
		});
	});
});

describe('one ticket', () => {
	it('is read by its id with its description and people', async () => {
		const detail = {
			...ticketRow,
			description: 'Smoke.',
			customer_id: 'cust-1',
			assignee_id: null,
			solved_at: null
		};
		const { client, requests } = recordingClient(() => Response.json([detail]));
		expect(await getTicket(client, 42)).toEqual(detail);
		expect(sent(requests[0])).toEqual({
			method: 'GET',
			path: '/rest/v1/tickets',
			params: {
				select: `${summarySelect},description,customer_id,assignee_id,solved_at,satisfaction_rating,satisfaction_comment,type:ticket_types(name)`,
				id: 'eq.42'
			}
		});
	});

	it('is a 404 when RLS hides it or it does not exist', async () => {
		const { client } = recordingClient(() => Response.json([]));
		await expect(getTicket(client, 42)).rejects.toMatchObject({
			status: 404,
			body: { message: 'There is no such ticket, or it is not yours to see.' }
		});
	});

	it('is a 503 when the read fails', async () => {
		const { client } = recordingClient(refused);
		await expect(getTicket(client, 42)).rejects.toMatchObject({ status: 503 });
	});
});

describe("a ticket's conversation", () => {
	const select =
		'id,kind,body,is_internal,meta,created_at,author:profiles(id,full_name,role,avatar_path)';

	it('holds public rows only in the client portal, oldest first', async () => {
		const { client, requests } = recordingClient();
		await listActivities(client, 7, { publicOnly: true });
		expect(sent(requests[0])).toEqual({
			method: 'GET',
			path: '/rest/v1/ticket_activities',
			params: {
				select,
				ticket_id: 'eq.7',
				is_internal: 'eq.false',
				order: 'created_at.asc,id.asc'
			}
		});
	});

	it('holds internal notes too in the agent portal', async () => {
		const { client, requests } = recordingClient();
		await listActivities(client, 7, { publicOnly: false });
		expect(sent(requests[0])).toEqual({
			method: 'GET',
			path: '/rest/v1/ticket_activities',
			params: { select, ticket_id: 'eq.7', order: 'created_at.asc,id.asc' }
		});
	});
});

describe('the staff list', () => {
	it('holds agents and admins, by name', async () => {
		const { client, requests } = recordingClient();
		await listStaff(client);
		expect(sent(requests[0])).toEqual({
			method: 'GET',
			path: '/rest/v1/profiles',
			params: {
				select: 'id,full_name,email,role',
				role: 'in.(agent,admin)',
				order: 'full_name.asc'
			}
		});
	});
});

describe('the counts by status', () => {
	const counts = { open: 5, pending: 4, on_hold: 3, solved: 2, closed: 1 };

	it('count each status exactly, without reading rows', async () => {
		const { client, requests } = recordingClient((request) => {
			const status = String(request.params.status).replace('eq.', '');
			const count = Object.entries(counts).find(([name]) => name === status)?.[1];
			return new Response(null, { headers: { 'Content-Range': `*/${count}` } });
		});
		expect(await countByStatus(client)).toEqual(counts);
		expect(requests.map(sent)).toEqual(
			Object.keys(counts).map((status) => ({
				method: 'HEAD',
				path: '/rest/v1/tickets',
				params: { select: 'id', status: `eq.${status}` }
			}))
		);
		for (const request of requests) expect(request.headers.get('Prefer')).toBe('count=exact');
	});

	it('fail with a message for people when a count fails', async () => {
		const { client } = recordingClient(refused);
		await expect(countByStatus(client)).rejects.toMatchObject({
			status: 503,
			body: { message: 'Could not load the counts. Try again in a moment.' }
		});
	});
});

describe('linked tickets', () => {
	it('are the links from and to the ticket, oldest first', async () => {
		const { client, requests } = recordingClient(() => Response.json([]));
		await listLinks(client, 7);
		expect(sent(requests[0])).toEqual({
			method: 'GET',
			path: '/rest/v1/ticket_links',
			params: {
				select: 'kind,source_ticket_id,target_ticket_id',
				or: '(source_ticket_id.eq.7,target_ticket_id.eq.7)',
				order: 'created_at.asc'
			}
		});
	});
});

describe('ticket types', () => {
	it('come in the order admins gave them', async () => {
		const { client, requests } = recordingClient(() => Response.json([]));
		await listTicketTypes(client);
		expect(sent(requests[0]).params).toEqual({
			select: 'id,name,description',
			order: 'position.asc,name.asc'
		});
	});
});
