// The Phoenix wire protocol as Supabase Realtime speaks it, frame by frame over a plain WebSocket:
// the handshake, heartbeats, join replies, leaving, and the idle timeout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGateway, type StackService } from '../../stack/http';
import { createJwtCodec } from '../../stack/keys';
import { createRealtimeService } from '../../stack/realtime';
import { startTestStack, type TestStack } from '../support/stack';
import { fixture, Inbox, userToken, users } from './fixtures/realtime/support';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

type Frame = unknown[] | Record<string, unknown>;

interface RawSocket {
	ws: WebSocket;
	frames: Inbox<Frame>;
	send(frame: Frame): void;
	closed: Promise<number>;
}

function socketUrl(base: string, query: Record<string, string>) {
	return `${base.replace('http', 'ws')}/realtime/v1/websocket?${new URLSearchParams(query)}`;
}

async function open(url: string): Promise<RawSocket> {
	const ws = new WebSocket(url);
	const frames = new Inbox<Frame>();
	ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
	const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	return { ws, frames, send: (frame) => ws.send(JSON.stringify(frame)), closed };
}

/** The HTTP status a refused handshake answers with, and its JSON body. */
function refusal(url: string): Promise<{ status: number; body: unknown }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url);
		ws.on('open', () => reject(new Error('the handshake was accepted')));
		ws.on('unexpected-response', (_req, res) => {
			let text = '';
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
		});
		ws.on('error', () => {});
	});
}

const url = (query: Record<string, string> = {}) =>
	socketUrl(stack.url, { apikey: stack.keys.anon, vsn: '2.0.0', ...query });

describe('the handshake', () => {
	it('needs an apikey: Realtime refuses none, the gateway one it did not issue', async () => {
		expect(await refusal(socketUrl(stack.url, { vsn: '2.0.0' }))).toEqual({
			status: 401,
			body: { error: 'API key is missing' }
		});
		expect(await refusal(url({ apikey: 'made-up' }))).toEqual({
			status: 401,
			body: {
				message: 'Invalid API key',
				hint: 'Double check your Supabase `anon` or `service_role` API key.'
			}
		});
	});

	it('accepts the opaque publishable key as the anon JWT', async () => {
		const socket = await open(url({ apikey: stack.keys.publishable }));
		socket.ws.close();
		await socket.closed;
	});

	it('refuses a serializer version Supabase does not speak', async () => {
		expect((await refusal(url({ vsn: '3.0.0' }))).status).toBe(403);
	});
});

describe.each([
	[
		'2.0.0',
		(
			joinRef: string | null,
			ref: string | null,
			topic: string,
			event: string,
			payload: unknown
		) => [joinRef, ref, topic, event, payload]
	],
	[
		'1.0.0',
		(
			joinRef: string | null,
			ref: string | null,
			topic: string,
			event: string,
			payload: unknown
		) => ({ topic, event, payload, ref, join_ref: joinRef })
	]
] as const)('frames over vsn %s', (vsn, frame) => {
	/** What the server sends back, in this version's shape (1.0.0 frames carry no join_ref). */
	const reply = (
		joinRef: string | null,
		ref: string | null,
		topic: string,
		status: string,
		response: unknown
	) =>
		vsn === '2.0.0'
			? [joinRef, ref, topic, 'phx_reply', { status, response }]
			: { topic, event: 'phx_reply', payload: { status, response }, ref };
	const push = (
		joinRef: string | null,
		ref: string | null,
		topic: string,
		event: string,
		payload: unknown
	) => (vsn === '2.0.0' ? [joinRef, ref, topic, event, payload] : { topic, event, payload, ref });

	it('answers a heartbeat on topic phoenix', async () => {
		const socket = await open(url({ vsn }));
		socket.send(frame(null, '7', 'phoenix', 'heartbeat', {}));
		expect(await socket.frames.next()).toEqual(reply(null, '7', 'phoenix', 'ok', {}));
		socket.ws.close();
	});

	it('lists the postgres_changes bindings in the join reply, in order, with stable ids', async () => {
		const socket = await open(url({ vsn }));
		const bindings = [
			{ event: 'INSERT', schema: 'public', table: 'tickets' },
			{ event: '*', schema: 'public', table: 'announcements', filter: 'audience=eq.staff' }
		];
		const join = { config: { postgres_changes: bindings }, access_token: stack.keys.anon };
		socket.send(frame('1', '1', 'realtime:ids', 'phx_join', join));
		const first = (await socket.frames.next()) as Frame;
		socket.send(frame('2', '2', 'realtime:ids-again', 'phx_join', join));
		const second = (await socket.frames.next((f) =>
			JSON.stringify(f).includes('ids-again')
		)) as Frame;
		const idsOf = (f: Frame) =>
			(
				(Array.isArray(f) ? f[4] : f.payload) as {
					response: { postgres_changes: { id: number }[] };
				}
			).response.postgres_changes;
		expect(first).toEqual(
			reply('1', '1', 'realtime:ids', 'ok', {
				postgres_changes: bindings.map((b) => ({ ...b, id: expect.any(Number) }))
			})
		);
		expect(idsOf(second)).toEqual(idsOf(first));
		expect(new Set(idsOf(first).map((b) => b.id)).size).toBe(2);
		expect(await socket.frames.next((f) => JSON.stringify(f).includes('"system"'))).toEqual(
			push('1', null, 'realtime:ids', 'system', {
				extension: 'postgres_changes',
				status: 'ok',
				message: 'Subscribed to PostgreSQL',
				channel: 'ids'
			})
		);
		socket.ws.close();
	});

	it('acknowledges phx_leave, then closes the channel with its join ref', async () => {
		const socket = await open(url({ vsn }));
		socket.send(frame('4', '4', 'realtime:leaving', 'phx_join', {}));
		await socket.frames.next();
		socket.send(frame('4', '5', 'realtime:leaving', 'phx_leave', {}));
		expect(await socket.frames.next(() => true, 'the reply', 1)).toEqual(
			reply('4', '5', 'realtime:leaving', 'ok', {})
		);
		expect(await socket.frames.next(() => true, 'phx_close', 2)).toEqual(
			push('4', '4', 'realtime:leaving', 'phx_close', {})
		);
		socket.ws.close();
	});

	it('refuses pushes to a topic the socket has not joined, and an empty topic name', async () => {
		const socket = await open(url({ vsn }));
		socket.send(
			frame('1', '1', 'realtime:nowhere', 'broadcast', { type: 'broadcast', event: 'x' })
		);
		expect(await socket.frames.next()).toEqual(
			reply('1', '1', 'realtime:nowhere', 'error', { reason: 'unmatched topic' })
		);
		socket.send(frame('2', '2', 'realtime:', 'phx_join', {}));
		expect(await socket.frames.next(() => true, 'the join reply', 1)).toEqual(
			reply('2', '2', 'realtime:', 'error', {
				reason: 'TopicNameRequired: You must provide a topic name'
			})
		);
		socket.ws.close();
	});

	it('says when changes can flow, if the join asks with broadcast.replication_ready', async () => {
		const socket = await open(url({ vsn }));
		const join = { config: { broadcast: { replication_ready: true } } };
		socket.send(frame('1', '1', 'realtime:ready', 'phx_join', join));
		expect(await socket.frames.count(2)).toEqual([
			reply('1', '1', 'realtime:ready', 'ok', { postgres_changes: [] }),
			push('1', null, 'realtime:ready', 'system', {
				extension: 'system',
				status: 'ok',
				message: 'Replication connection established',
				channel: 'ready'
			})
		]);
		socket.ws.close();
	});

	it('refuses to replay broadcasts, which the local stack does not store', async () => {
		const socket = await open(url({ vsn }));
		const join = { config: { private: true, broadcast: { replay: { since: 0, limit: 10 } } } };
		socket.send(frame('1', '1', 'realtime:replay', 'phx_join', join));
		expect(await socket.frames.next()).toEqual(
			reply('1', '1', 'realtime:replay', 'error', {
				reason:
					'UnableToReplayMessages: the local stack does not store broadcast messages, so it cannot replay them'
			})
		);
		socket.ws.close();
	});

	it('uses the access_token of the join, falling back to the apikey', async () => {
		const socket = await open(url({ vsn }));
		const expired = await userToken(stack, users.alice, {}, -5);
		socket.send(frame('1', '1', 'realtime:t', 'phx_join', { access_token: expired }));
		const refused = (await socket.frames.next()) as Frame;
		expect(JSON.stringify(refused)).toMatch(/InvalidJWTToken: Token has expired \d+ seconds ago/);
		socket.send(
			frame('2', '2', 'realtime:t', 'phx_join', { access_token: stack.keys.publishable })
		);
		expect(await socket.frames.next(() => true, 'the join reply', 1)).toEqual(
			reply('2', '2', 'realtime:t', 'ok', { postgres_changes: [] })
		);
		socket.ws.close();
	});
});

describe('the idle timeout', () => {
	// Long enough that a loaded machine never lets a heartbeat answered at once look idle.
	const idleTimeoutMs = 2000;
	let server: Server;
	let service: StackService;
	let base: string;

	// A second realtime service with a short timeout, behind the real gateway, on the suite's database.
	beforeAll(async () => {
		const ctx = {
			workdir: fixture,
			config: stack.config,
			db: stack.db,
			keys: stack.keys,
			jwt: createJwtCodec(stack.keys.jwtSecret),
			apiUrl: stack.url,
			dataDir: undefined,
			mailPorts: undefined,
			log: () => {}
		};
		service = await createRealtimeService({ idleTimeoutMs }).create(ctx);
		const gateway = createGateway(stack.keys, service.routes, service.upgrades ?? [], () => {});
		server = createServer((req, res) => void gateway.handle(req, res));
		server.on('upgrade', (req, socket, head) => gateway.upgrade(req, socket, head));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await service?.close?.();
		server?.closeAllConnections();
		await new Promise((resolve) => server?.close(resolve));
	});

	it('closes a socket that sends nothing for longer than the timeout', async () => {
		// Taken before connecting: the server's clock for this socket cannot start any earlier.
		const connecting = Date.now();
		const socket = await open(socketUrl(base, { apikey: stack.keys.anon, vsn: '2.0.0' }));
		expect(await socket.closed).toBe(1000);
		expect(Date.now() - connecting).toBeGreaterThanOrEqual(idleTimeoutMs);
	});

	it('keeps a socket that heartbeats more often than the timeout', async () => {
		const socket = await open(socketUrl(base, { apikey: stack.keys.anon, vsn: '2.0.0' }));
		let stillOpen = true;
		void socket.closed.then(() => (stillOpen = false));
		// A beat as soon as the last one was answered, for well past two timeouts.
		const start = Date.now();
		for (let beat = 1; Date.now() - start < 2.5 * idleTimeoutMs; beat++) {
			socket.send([null, String(beat), 'phoenix', 'heartbeat', {}]);
			await socket.frames.count(beat, `heartbeat reply ${beat}`);
		}
		expect(stillOpen).toBe(true);
		socket.ws.close();
	});
});
