// Access tokens on channels: Supabase's join errors for bad tokens, the shutdown when a channel's token
// expires, and `setAuth()` refreshing a channel (new claims for RLS, revoked private access closing it).
import type { RealtimeChannel } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { createJwtCodec } from '../../stack/keys';
import {
	Inbox,
	realtimeSuite,
	subscribe,
	userToken,
	users,
	vsns,
	watchTable,
	type SystemMessage
} from './fixtures/realtime/support';

const suite = realtimeSuite();

let count = 0;
const name = () => `tokens-${++count}`;

/** Waits out a token's lifetime: nothing observable happens at a token's `exp` unless it is used. */
const pastExpiry = (token: string) => {
	const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now() + 1100)));
};

describe.each(vsns)('channel tokens over vsn %s', (vsn) => {
	const clientWith = (token: string) => suite.client(vsn, { token });

	const joinError = async (token: string) => {
		const client = await clientWith(token);
		const status = await subscribe(client.channel(name())).next(
			(s) => s.status === 'CHANNEL_ERROR'
		);
		return status.error?.message;
	};

	it('refuse a join with an expired token, saying how long ago it expired', async () => {
		const token = await userToken(suite.stack, users.alice, {}, -30);
		expect(await joinError(token)).toMatch(
			/^InvalidJWTToken: Token has expired (3\d) seconds ago$/
		);
	});

	it('refuse a join with a token lacking `role` or `exp`', async () => {
		const token = await createJwtCodec(suite.stack.keys.jwtSecret).sign({
			sub: users.alice,
			role: 'authenticated'
		});
		expect(await joinError(token)).toBe(
			'InvalidJWTToken: Fields `role` and `exp` are required in JWT'
		);
	});

	it('refuse a join with something that is not a JWT, or a JWT signed with another secret', async () => {
		expect(await joinError('not-a-jwt')).toBe(
			'MalformedJWT: The token provided is not a valid JWT'
		);
		const forged = await createJwtCodec('another-secret-that-is-at-least-32-characters').sign({
			role: 'authenticated',
			exp: Math.floor(Date.now() / 1000) + 60
		});
		expect(await joinError(forged)).toBe('JwtSignatureError: Failed to validate JWT signature');
	});

	it('close a channel when its token expires, with Supabase’s system message', async () => {
		const token = await userToken(suite.stack, users.alice, {}, 2);
		const client = await clientWith(token);
		const system = new Inbox<SystemMessage>();
		const channel = client.channel(name()).on('system', {}, (m: SystemMessage) => system.push(m));
		const statuses = subscribe(channel);
		await statuses.next((s) => s.status === 'SUBSCRIBED');
		expect(await system.next((m) => m.extension === 'system')).toEqual({
			extension: 'system',
			status: 'error',
			message: expect.stringMatching(/^Token has expired \d+ seconds ago$/),
			channel: channel.subTopic
		});
		await statuses.next((s) => s.status === 'CLOSED');
	});

	it('keep a channel open past the first token’s expiry when setAuth brings a fresh one', async () => {
		const shortLived = await userToken(suite.stack, users.alice, {}, 2);
		const client = await clientWith(shortLived);
		const { changes, system } = await watchTable(client, name(), { table: 'tickets' });
		await client.realtime.setAuth(await userToken(suite.stack, users.alice));
		// The refresh resubscribes postgres_changes with the new claims, and says so.
		await system.next((m) => m.message === 'Subscribed to PostgreSQL', 'the resubscription', 1);
		await pastExpiry(shortLived);
		await suite.stack.db.query(
			`insert into tickets (owner_id, subject) values ($1, 'still here')`,
			[users.alice]
		);
		expect((await changes.next()).new).toMatchObject({ subject: 'still here' });
		expect(system.items.filter((m) => m.status === 'error')).toEqual([]);
	});

	it('check RLS with the refreshed token’s claims from then on', async () => {
		const client = await clientWith(await userToken(suite.stack, users.alice));
		const { changes, system } = await watchTable(client, name(), { table: 'tickets' });
		await client.realtime.setAuth(await userToken(suite.stack, users.bob));
		await system.next((m) => m.message === 'Subscribed to PostgreSQL', 'the resubscription', 1);
		for (const [owner, subject] of [
			[users.alice, 'for alice'],
			[users.bob, 'for bob']
		])
			await suite.stack.db.query(`insert into tickets (owner_id, subject) values ($1, $2)`, [
				owner,
				subject
			]);
		await changes.next();
		expect(changes.items.map((c) => (c.new as { subject: string }).subject)).toEqual(['for bob']);
	});

	it('close a private channel when the refreshed token may no longer read it', async () => {
		const room = `room:${users.alice}:tokens`;
		const client = await clientWith(await userToken(suite.stack, users.alice));
		const system = new Inbox<SystemMessage>();
		const channel: RealtimeChannel = client
			.channel(room, { config: { private: true } })
			.on('system', {}, (m: SystemMessage) => system.push(m));
		const statuses = subscribe(channel);
		await statuses.next((s) => s.status === 'SUBSCRIBED');
		await client.realtime.setAuth(await userToken(suite.stack, users.bob));
		expect(await system.next()).toEqual({
			extension: 'system',
			status: 'error',
			message: `You no longer have permission to read from this Channel topic: ${room}`,
			channel: room
		});
		await statuses.next((s) => s.status === 'CLOSED');
	});
});
