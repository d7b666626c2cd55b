// The palette's ticket search, request by request: what it asks PostgREST for (RLS decides whose
// tickets come back), and what it makes of the answers.
import { describe, expect, it } from 'vitest';
import { recordingClient, sent } from '$lib/server/recording-client';
import { escapeLike, findTickets, ticketNumber } from './search';

const hit = (id: number, subject: string) => ({ id, subject, status: 'open' });

describe('finding tickets from the palette', () => {
	it('searches subjects case-insensitively, the most recently active first, at most 8', async () => {
		const { client, requests } = recordingClient(() => Response.json([hit(7, 'Printer jam')]));
		expect(await findTickets(client, '  printer ')).toEqual([hit(7, 'Printer jam')]);
		expect(requests.map(sent)).toEqual([
			{
				method: 'GET',
				path: '/rest/v1/tickets',
				params: {
					select: 'id,subject,status',
					subject: 'ilike.%printer%',
					order: 'updated_at.desc',
					limit: '8'
				}
			}
		]);
	});

	it('also asks for the ticket a number names, and lists it first, once', async () => {
		const { client, requests } = recordingClient(({ params }) =>
			Response.json(
				params.id ? [hit(42, 'Invoice 42')] : [hit(9, 'About #42'), hit(42, 'Invoice 42')]
			)
		);
		expect(await findTickets(client, '#42')).toEqual([hit(42, 'Invoice 42'), hit(9, 'About #42')]);
		expect(requests.map(sent)).toContainEqual({
			method: 'GET',
			path: '/rest/v1/tickets',
			params: { select: 'id,subject,status', id: 'eq.42' }
		});
	});

	it('asks nothing for blank text', async () => {
		const { client, requests } = recordingClient();
		expect(await findTickets(client, '   ')).toEqual([]);
		expect(requests).toEqual([]);
	});

	it('takes %, _ and \\ literally', () => {
		expect(escapeLike('100%_off\\')).toBe('100\\%\\_off\\\\');
	});

	it('reads ticket numbers only from digits', () => {
		expect(ticketNumber('42')).toBe(42);
		expect(ticketNumber(' #7 ')).toBe(7);
		for (const text of ['0', '4 2', '42a', '-1', '#', ''])
			expect(ticketNumber(text)).toBeUndefined();
	});

	it('fails loudly when PostgREST refuses', async () => {
		const { client } = recordingClient(() =>
			Response.json({ code: '42501', message: 'permission denied' }, { status: 401 })
		);
		await expect(findTickets(client, 'printer')).rejects.toThrow('permission denied');
	});
});
