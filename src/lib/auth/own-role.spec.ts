import { describe, expect, it } from 'vitest';
import { recordingClient, sent } from '$lib/server/recording-client';
import { ownRoleQuery } from './own-role';

describe("the signed-in person's role", () => {
	it('is read from their own profile row, and only its role', async () => {
		const { client, requests } = recordingClient(() => Response.json([{ role: 'agent' }]));
		const { data } = await ownRoleQuery(client, 'user-1');
		expect(data).toEqual({ role: 'agent' });
		expect(sent(requests[0])).toEqual({
			method: 'GET',
			path: '/rest/v1/profiles',
			params: { select: 'role', id: 'eq.user-1' }
		});
	});
});
