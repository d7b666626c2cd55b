import { describe, expect, it } from 'vitest';
import { parseJoinPayload } from './join-payload';

describe('the phx_join payload', () => {
	it('reads the config realtime-js sends', () => {
		expect(
			parseJoinPayload({
				config: {
					broadcast: { ack: true, self: true },
					presence: { key: 'alice', enabled: true },
					postgres_changes: [{ event: '*', schema: 'public', table: 'tickets' }],
					private: true
				},
				access_token: 'token'
			})
		).toEqual({
			ack: true,
			self: true,
			replicationReady: false,
			replay: false,
			presenceEnabled: true,
			presenceKey: 'alice',
			bindings: [{ event: '*', schema: 'public', table: 'tickets' }],
			isPrivate: true,
			accessToken: 'token'
		});
	});

	it('takes "true" and "false" strings as booleans, as Supabase does', () => {
		const config = parseJoinPayload({ config: { broadcast: { ack: 'true' }, private: 'false' } });
		expect([config.ack, config.isPrivate]).toEqual([true, false]);
	});

	it('falls back to defaults instead of failing on a malformed payload', () => {
		expect(
			parseJoinPayload({ config: { broadcast: 'loud', postgres_changes: [null, 3] } })
		).toMatchObject({
			ack: false,
			self: false,
			bindings: []
		});
		expect(parseJoinPayload('garbage')).toMatchObject({ isPrivate: false, accessToken: undefined });
	});

	it('leaves an empty presence key to be generated, and prefers user_token to access_token', () => {
		const config = parseJoinPayload({
			config: { presence: { key: '' } },
			access_token: 'access',
			user_token: 'user'
		});
		expect([config.presenceKey, config.accessToken]).toEqual([undefined, 'user']);
	});

	it('notices a request to replay broadcasts', () => {
		expect(parseJoinPayload({ config: { broadcast: { replay: { since: 0 } } } }).replay).toBe(true);
	});
});
