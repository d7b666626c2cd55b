import { beforeEach, describe, expect, it } from 'vitest';
import { recordingClient, sent } from './recording-client';
import {
	forgetWorkspaceSettings,
	readWorkspaceSettings,
	setStaffMfaRequired,
	staffMfaRequired
} from './workspace-settings';

beforeEach(forgetWorkspaceSettings);

describe('workspace settings', () => {
	it('are read as the one row, the staff two-factor switch only', async () => {
		const { client, requests } = recordingClient(() => Response.json({ require_staff_mfa: true }));
		const { data } = await readWorkspaceSettings(client);
		expect(data).toEqual({ require_staff_mfa: true });
		expect(sent(requests[0])).toEqual({
			method: 'GET',
			path: '/rest/v1/app_settings',
			params: { select: 'require_staff_mfa' },
			body: undefined
		});
	});

	it('turn the staff requirement on by updating the one row, reading it back', async () => {
		const { client, requests } = recordingClient(() =>
			Response.json([{ require_staff_mfa: true }])
		);
		const { data } = await setStaffMfaRequired(client, true);
		expect(data).toEqual([{ require_staff_mfa: true }]);
		expect(sent(requests[0])).toEqual({
			method: 'PATCH',
			path: '/rest/v1/app_settings',
			params: { id: 'eq.true', select: 'require_staff_mfa' },
			body: { require_staff_mfa: true }
		});
	});

	it('are read once for many requests, and again once forgotten', async () => {
		const { client, requests } = recordingClient(() => Response.json({ require_staff_mfa: true }));
		expect(await staffMfaRequired(client)).toBe(true);
		expect(await staffMfaRequired(client)).toBe(true);
		expect(requests).toHaveLength(1);
		forgetWorkspaceSettings();
		await staffMfaRequired(client);
		expect(requests).toHaveLength(2);
	});

	it('count as not requiring anything when the row cannot be read, and are not kept then', async () => {
		const { client, requests } = recordingClient(() =>
			Response.json({ code: '42501', message: 'permission denied' }, { status: 401 })
		);
		expect(await staffMfaRequired(client)).toBe(false);
		await staffMfaRequired(client);
		expect(requests.length).toBeGreaterThan(1);
	});
});
