// The Realtime service of the local stack: the Phoenix socket at /realtime/v1/websocket and the REST
// broadcast API at /realtime/v1/api, over one feed of database changes.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ServiceModule, StackContext, StackService } from '../http';
import { schemaFiles as changesSchema, startChanges } from './changes';
import type { ChannelServices } from './channel';
import { deliverDatabaseBroadcasts } from './database-broadcast';
import { createHttpApi } from './http-api';
import { Hub } from './hub';
import { PresenceRegistry } from './presence';
import { serializerFor } from './protocol';
import { RealtimeSocket } from './socket';
import { createTokenVerifier, handshakeMessage } from './token';
import { xHeaders } from './x-headers';

export interface RealtimeOptions {
	/** A socket that sends no frame (realtime-js heartbeats every 25 s) for this long is closed. */
	idleTimeoutMs: number;
}

const defaults: RealtimeOptions = { idleTimeoutMs: 60_000 };

/** Phoenix's websocket frames may be up to 5 MB in Supabase. */
const maxFrameBytes = 5_000_000;

function refuse(socket: Duplex, status: number, error: string) {
	const body = JSON.stringify({ error });
	const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
			`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
	);
}

async function startRealtime(ctx: StackContext, options: RealtimeOptions): Promise<StackService> {
	const verifyToken = createTokenVerifier(ctx.jwt);
	const hub = new Hub();
	const changes = await startChanges(ctx.db, ctx.log, {
		wanted: () => !hub.empty,
		deliver: (messages) => deliverDatabaseBroadcasts(hub, messages, ctx.log)
	});
	const services: ChannelServices = {
		db: ctx.db,
		hub,
		presence: new PresenceRegistry(),
		changes,
		verifyToken,
		log: ctx.log
	};
	const sockets = new Set<RealtimeSocket>();
	const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
	const httpApi = createHttpApi({ db: ctx.db, hub, verifyToken, log: ctx.log });

	async function upgrade(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		url: URL,
		path: string
	) {
		if (path !== '/websocket') return refuse(socket, 404, 'Not Found');
		const serializer = serializerFor(url.searchParams.get('vsn'));
		if (!serializer) return refuse(socket, 403, `unsupported vsn ${url.searchParams.get('vsn')}`);
		// The gateway has already checked the apikey and turned opaque keys into their JWTs.
		const apikey = url.searchParams.get('apikey') ?? (req.headers.apikey as string | undefined);
		if (!apikey) return refuse(socket, 401, 'API key is missing');
		const check = await verifyToken(apikey);
		if (!check.ok) return refuse(socket, 401, handshakeMessage(check));
		wss.handleUpgrade(req, socket, head, (ws) => {
			const realtimeSocket = new RealtimeSocket(ws, services, {
				serializer,
				apikeyToken: apikey,
				headers: xHeaders(req),
				idleTimeoutMs: options.idleTimeoutMs
			});
			sockets.add(realtimeSocket);
			ws.on('close', () => sockets.delete(realtimeSocket));
		});
	}

	return {
		name: 'realtime',
		routes: [{ prefix: '/realtime/v1/api', keyPolicy: () => 'required', handle: httpApi }],
		upgrades: [
			{
				prefix: '/realtime/v1',
				keyPolicy: 'required',
				upgrade: (req, socket, head, url, path) =>
					void upgrade(req, socket, head, url, path).catch((error) => {
						ctx.log(`realtime: upgrade failed: ${error?.stack ?? error}`);
						socket.destroy();
					})
			}
		],
		async close() {
			for (const socket of sockets) socket.close();
			await changes.close();
			wss.close();
		}
	};
}

/** The service with its timings; tests use short ones. */
export const createRealtimeService = (options: Partial<RealtimeOptions> = {}): ServiceModule => ({
	name: 'realtime',
	schemaFiles: [...changesSchema, new URL('./database-broadcast.sql', import.meta.url)],
	create: (ctx) => startRealtime(ctx, { ...defaults, ...options })
});

export const realtimeService = createRealtimeService();
