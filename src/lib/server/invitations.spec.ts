import { describe, expect, it } from 'vitest';
import { recordInvitation, withdrawInvitation } from './invitations';
import { recordingClient, sent } from './recording-client';

describe('invitations', () => {
	it('are recorded with the email and role only, reading back the id', async () => {
		const { client, requests } = recordingClient(() => Response.json({ id: 'inv-1' }));
		const { data } = await recordInvitation(client, { email: 'new@example.com', role: 'agent' });
		expect(data).toEqual({ id: 'inv-1' });
		expect(sent(requests[0])).toEqual({
			method: 'POST',
			path: '/rest/v1/invitations',
			params: { select: 'id' },
			body: { email: 'new@example.com', role: 'agent' }
		});
	});

	it('are withdrawn one at a time, by id', async () => {
		const { client, requests } = recordingClient(() => new Response(null, { status: 204 }));
		await withdrawInvitation(client, 'inv-1');
		expect(sent(requests[0])).toEqual({
			method: 'DELETE',
			path: '/rest/v1/invitations',
			params: { id: 'eq.inv-1' }
		});
	});
});
