// Private channels (`config.private: true`): RLS on realtime.messages, with realtime.topic() set to
// the channel's topic, decides who may join (select) and who may send (insert), as in Supabase.
// The fixture lets a user read and write `room:<their id>…` topics and read, not write, `lobby`.
import type { RealtimeChannel } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import {
	Inbox,
	joined,
	realtimeSuite,
	subscribe,
	userToken,
	users,
	vsns,
	type Vsn
} from './fixtures/realtime/support';

const suite = realtimeSuite();

let count = 0;
const roomOf = (user: string) => `room:${user}:${++count}`;

async function privateChannel(
	vsn: Vsn,
	topic: string,
	token: string | undefined,
	config: { ack?: boolean; self?: boolean } = {},
	key?: string
): Promise<{ channel: RealtimeChannel; inbox: Inbox<unknown> }> {
	const client = await suite.client(vsn, { token, key });
	const inbox = new Inbox<unknown>();
	const channel = client
		.channel(topic, { config: { private: true, broadcast: config } })
		.on('broadcast', { event: '*' }, (message) => inbox.push(message.payload));
	return { channel, inbox };
}

describe.each(vsns)('private channels over vsn %s', (vsn) => {
	it('let a user join a topic their role may select from realtime.messages', async () => {
		const room = roomOf(users.alice);
		const { channel } = await privateChannel(vsn, room, await userToken(suite.stack, users.alice));
		await joined(channel);
	});

	it('refuse a topic the user may not read, with Supabase’s reason', async () => {
		const room = roomOf(users.bob);
		const { channel } = await privateChannel(vsn, room, await userToken(suite.stack, users.alice));
		const status = await subscribe(channel).next((s) => s.status === 'CHANNEL_ERROR');
		expect(status.error?.message).toBe(
			`Unauthorized: You do not have permissions to read from this Channel topic: ${room}`
		);
	});

	it('refuse the anon role, which no policy lets read', async () => {
		const { channel } = await privateChannel(vsn, 'lobby', undefined);
		const status = await subscribe(channel).next((s) => s.status === 'CHANNEL_ERROR');
		expect(status.error?.message).toBe(
			'Unauthorized: You do not have permissions to read from this Channel topic: lobby'
		);
	});

	it('carry broadcasts between members who may write', async () => {
		const room = roomOf(users.alice);
		const token = await userToken(suite.stack, users.alice);
		const sender = await privateChannel(vsn, room, token, { ack: true });
		const receiver = await privateChannel(vsn, room, token);
		await joined(sender.channel);
		await joined(receiver.channel);
		expect(await sender.channel.send({ type: 'broadcast', event: 'msg', payload: { n: 1 } })).toBe(
			'ok'
		);
		expect(await receiver.inbox.next()).toEqual({ n: 1 });
	});

	it('drop a broadcast the sender may not write (no ack), while the service role’s goes through', async () => {
		const reader = await privateChannel(vsn, 'lobby', await userToken(suite.stack, users.bob));
		const writer = await privateChannel(vsn, 'lobby', await userToken(suite.stack, users.alice), {
			ack: true
		});
		const service = await privateChannel(vsn, 'lobby', undefined, {}, suite.stack.keys.serviceRole);
		await joined(reader.channel);
		await joined(writer.channel);
		await joined(service.channel);
		expect(
			await writer.channel.send(
				{ type: 'broadcast', event: 'msg', payload: { from: 'alice' } },
				{ timeout: 500 }
			)
		).toBe('timed out');
		await service.channel.send({ type: 'broadcast', event: 'msg', payload: { from: 'service' } });
		await reader.inbox.next();
		expect(reader.inbox.items).toEqual([{ from: 'service' }]);
	});

	it('share presence between members, and refuse a track the user may not write', async () => {
		const room = roomOf(users.alice);
		const token = await userToken(suite.stack, users.alice);
		const presenceChannel = async (topic: string, key: string, as: string) => {
			const client = await suite.client(vsn, { token: as });
			const syncs = new Inbox<Record<string, unknown>>();
			const channel = client
				.channel(topic, { config: { private: true, presence: { key } } })
				.on('presence', { event: 'sync' }, () => syncs.push(channel.presenceState()));
			await joined(channel);
			return { channel, syncs };
		};
		const phone = await presenceChannel(room, 'phone', token);
		const laptop = await presenceChannel(room, 'laptop', token);
		expect(await phone.channel.track({ device: 'phone' })).toBe('ok');
		expect(await laptop.syncs.next((state) => 'phone' in state, 'the phone')).toEqual({
			phone: [{ device: 'phone', presence_ref: expect.any(String) }]
		});

		const lobby = await presenceChannel('lobby', 'bob', await userToken(suite.stack, users.bob));
		expect(await lobby.channel.track({ here: true })).toBe('error');
	});

	it('are separate from the public channel of the same name', async () => {
		const room = roomOf(users.alice);
		const privateMember = await privateChannel(
			vsn,
			room,
			await userToken(suite.stack, users.alice),
			{
				self: true
			}
		);
		await joined(privateMember.channel);
		const client = await suite.client(vsn);
		const publicInbox = new Inbox<unknown>();
		const publicChannel = client
			.channel(room, { config: { broadcast: { self: true } } })
			.on('broadcast', { event: '*' }, (m) => publicInbox.push(m.payload));
		await joined(publicChannel);
		await publicChannel.send({ type: 'broadcast', event: 'msg', payload: { side: 'public' } });
		await privateMember.channel.send({
			type: 'broadcast',
			event: 'msg',
			payload: { side: 'private' }
		});
		await publicInbox.next();
		await privateMember.inbox.next();
		expect(publicInbox.items).toEqual([{ side: 'public' }]);
		expect(privateMember.inbox.items).toEqual([{ side: 'private' }]);
	});
});

describe('private topics over the REST broadcast API', () => {
	const post = async (token: string, topic: string, payload: unknown) =>
		fetch(`${suite.stack.url}/realtime/v1/api/broadcast`, {
			method: 'POST',
			headers: {
				apikey: suite.stack.keys.anon,
				authorization: `Bearer ${token}`,
				'content-type': 'application/json'
			},
			body: JSON.stringify({ messages: [{ topic, event: 'msg', payload, private: true }] })
		});

	it('take a user’s message only where RLS lets them insert, and the service role’s anywhere', async () => {
		const room = roomOf(users.alice);
		const member = await privateChannel('2.0.0', room, await userToken(suite.stack, users.alice));
		await joined(member.channel);
		expect(
			(await post(await userToken(suite.stack, users.bob), room, { from: 'bob' })).status
		).toBe(202);
		expect(
			(await post(await userToken(suite.stack, users.alice), room, { from: 'alice' })).status
		).toBe(202);
		expect((await post(suite.stack.keys.serviceRole, room, { from: 'service' })).status).toBe(202);
		const received = await member.inbox.count(2);
		expect(received).toEqual([{ from: 'alice' }, { from: 'service' }]);
	});

	it('answer httpSend to a private topic the user may not write with 403', async () => {
		const client = await suite.client('2.0.0', { token: await userToken(suite.stack, users.bob) });
		const channel = client.channel('lobby', { config: { private: true } });
		await expect(channel.httpSend('msg', { from: 'bob' })).rejects.toThrow('Unauthorized');
	});
});
