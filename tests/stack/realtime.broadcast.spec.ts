// Broadcast between sockets (self, ack, JSON and binary frames, across serializer versions) and the
// REST broadcast API, as supabase-js uses them.
import type { RealtimeChannel } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { Inbox, joined, realtimeSuite, vsns, type Vsn } from './fixtures/realtime/support';

const suite = realtimeSuite();

let topicCount = 0;
const topicName = () => `broadcast-${++topicCount}`;

interface Received {
	event: string;
	payload: unknown;
}

async function listener(
	vsn: Vsn,
	topic: string,
	config: { self?: boolean; ack?: boolean } = {}
): Promise<{ channel: RealtimeChannel; inbox: Inbox<Received> }> {
	const client = await suite.client(vsn);
	const inbox = new Inbox<Received>();
	const channel = client
		.channel(topic, { config: { broadcast: config } })
		.on('broadcast', { event: '*' }, (message) =>
			inbox.push({ event: message.event, payload: message.payload })
		);
	await joined(channel);
	return { channel, inbox };
}

const pairs = vsns.flatMap((from) => vsns.map((to) => [from, to] as const));

describe.each(pairs)('broadcast from vsn %s to vsn %s', (from, to) => {
	it('reaches the other subscribers of the topic but not the sender', async () => {
		const topic = topicName();
		const sender = await listener(from, topic);
		const receiver = await listener(to, topic);
		await sender.channel.send({ type: 'broadcast', event: 'cursor', payload: { x: 1, y: 2 } });
		await receiver.channel.send({ type: 'broadcast', event: 'cursor', payload: { x: 3 } });
		expect(await receiver.inbox.next()).toEqual({ event: 'cursor', payload: { x: 1, y: 2 } });
		// The sender hears the receiver's later message, and never its own.
		await sender.inbox.next();
		expect(sender.inbox.items).toEqual([{ event: 'cursor', payload: { x: 3 } }]);
	});

	it('comes back to the sender with `self`, and is acknowledged with `ack`', async () => {
		const topic = topicName();
		const sender = await listener(from, topic, { self: true, ack: true });
		const receiver = await listener(to, topic);
		expect(await sender.channel.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } })).toBe(
			'ok'
		);
		expect(await sender.inbox.next()).toEqual({ event: 'ping', payload: { n: 1 } });
		expect(await receiver.inbox.next()).toEqual({ event: 'ping', payload: { n: 1 } });
	});

	it('does not leak into other topics', async () => {
		const topic = topicName();
		const sender = await listener(from, topic);
		const elsewhere = await listener(to, topicName());
		const sameTopic = await listener(to, topic);
		await sender.channel.send({ type: 'broadcast', event: 'note', payload: { to: 'topic' } });
		await sameTopic.inbox.next();
		const other = await suite.client(from);
		await other.channel(elsewhere.channel.subTopic).httpSend('note', { to: 'elsewhere' });
		expect(await elsewhere.inbox.next()).toEqual({ event: 'note', payload: { to: 'elsewhere' } });
		expect(elsewhere.inbox.items).toHaveLength(1);
	});
});

describe('binary broadcast', () => {
	it('carries bytes between 2.0.0 clients as realtime-js binary frames', async () => {
		const topic = topicName();
		const sender = await listener('2.0.0', topic);
		const receiver = await listener('2.0.0', topic);
		const bytes = new Uint8Array([0, 1, 2, 250, 255]);
		await sender.channel.send({ type: 'broadcast', event: 'blob', payload: bytes.buffer });
		const message = await receiver.inbox.next();
		expect(message.event).toBe('blob');
		expect(message.payload).toBeInstanceOf(ArrayBuffer);
		expect([...new Uint8Array(message.payload as ArrayBuffer)]).toEqual([0, 1, 2, 250, 255]);
	});

	it('leaves bytes out for 1.0.0 clients, which cannot carry them', async () => {
		const topic = topicName();
		const sender = await listener('2.0.0', topic);
		const v1 = await listener('1.0.0', topic);
		await sender.channel.send({
			type: 'broadcast',
			event: 'blob',
			payload: new Uint8Array([1]).buffer
		});
		await sender.channel.send({ type: 'broadcast', event: 'json', payload: { after: 'blob' } });
		expect(await v1.inbox.next()).toEqual({ event: 'json', payload: { after: 'blob' } });
		expect(v1.inbox.items).toHaveLength(1);
	});
});

describe('the REST broadcast API', () => {
	const post = (body: unknown, token = suite.stack.keys.serviceRole) =>
		fetch(`${suite.stack.url}/realtime/v1/api/broadcast`, {
			method: 'POST',
			headers: {
				apikey: suite.stack.keys.anon,
				authorization: `Bearer ${token}`,
				'content-type': 'application/json'
			},
			body: JSON.stringify(body)
		});

	it.each(vsns)('delivers POSTed messages to vsn %s subscribers and answers 202', async (vsn) => {
		const topic = topicName();
		const receiver = await listener(vsn, topic);
		const response = await post({
			messages: [
				{ topic, event: 'first', payload: { n: 1 } },
				{ topic, event: 'second', payload: { n: 2 } }
			]
		});
		expect(response.status).toBe(202);
		expect(await receiver.inbox.count(2)).toEqual([
			{ event: 'first', payload: { n: 1 } },
			{ event: 'second', payload: { n: 2 } }
		]);
	});

	it('is what send() falls back to on a channel that is not joined', async () => {
		const topic = topicName();
		const receiver = await listener('2.0.0', topic);
		const sender = await suite.client();
		const result = await sender
			.channel(topic)
			.send({ type: 'broadcast', event: 'rest', payload: { via: 'http' } });
		expect(result).toBe('ok');
		expect(await receiver.inbox.next()).toEqual({ event: 'rest', payload: { via: 'http' } });
	});

	it.each(vsns)('takes httpSend() JSON for vsn %s subscribers', async (vsn) => {
		const topic = topicName();
		const receiver = await listener(vsn, topic);
		const sender = await suite.client();
		expect(await sender.channel(topic).httpSend('single', { hello: 'world' })).toEqual({
			success: true
		});
		expect(await receiver.inbox.next()).toEqual({ event: 'single', payload: { hello: 'world' } });
	});

	it('takes httpSend() bytes and hands them to 2.0.0 subscribers as bytes', async () => {
		const topic = topicName();
		const receiver = await listener('2.0.0', topic);
		const sender = await suite.client();
		await sender.channel(topic).httpSend('bytes', new Uint8Array([7, 8, 9]));
		const message = await receiver.inbox.next();
		expect([...new Uint8Array(message.payload as ArrayBuffer)]).toEqual([7, 8, 9]);
	});

	it('answers 422 with the errors of each malformed message', async () => {
		const response = await post({
			messages: [{ topic: 'x', event: 'e', payload: {} }, { topic: 'x' }]
		});
		expect(response.status).toBe(422);
		expect(await response.json()).toEqual({
			errors: { messages: [{}, { event: ["can't be blank"], payload: ["can't be blank"] }] }
		});
	});

	it('answers 401 to a bearer token that is not a valid JWT', async () => {
		const response = await post({ messages: [{ topic: 'x', event: 'e', payload: {} }] }, 'nope');
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ message: 'Unauthorized' });
	});
});
