// One WebSocket connection speaking Phoenix: heartbeats on topic `phoenix`, a socket that sends nothing
// for the idle timeout is closed (Phoenix's websocket timeout), frames are handled one after another
// (as Phoenix's socket process does), and channels are routed by topic.
import WebSocket from 'ws';
import { Channel, type ChannelServices, type SocketLink } from './channel';
import { classify, FrameError, type Inbound, type Outbound, type Serializer } from './protocol';

export interface SocketOptions {
	serializer: Serializer;
	apikeyToken: string;
	headers: Record<string, string>;
	/** Close the socket when no frame arrives for this long (Supabase: 60 s). */
	idleTimeoutMs: number;
}

export class RealtimeSocket implements SocketLink {
	readonly serializer: Serializer;
	readonly apikeyToken: string;
	readonly headers: Record<string, string>;
	#ws: WebSocket;
	#services: ChannelServices;
	#channels = new Map<string, Channel>();
	#queue: Promise<void> = Promise.resolve();
	#idleTimer: NodeJS.Timeout | undefined;
	#idleTimeoutMs: number;

	constructor(ws: WebSocket, services: ChannelServices, options: SocketOptions) {
		this.#ws = ws;
		this.#services = services;
		this.serializer = options.serializer;
		this.apikeyToken = options.apikeyToken;
		this.headers = options.headers;
		this.#idleTimeoutMs = options.idleTimeoutMs;
		this.#resetIdleTimer();
		ws.on('message', (data, isBinary) => this.#receive(toBuffer(data), isBinary));
		ws.on('close', () => this.#closed());
		ws.on('error', () => ws.terminate());
	}

	send(frame: Outbound): void {
		const encoded = this.serializer.encode(frame);
		if (encoded !== undefined) this.sendEncoded(encoded);
	}

	sendEncoded(encoded: string | Buffer): void {
		if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(encoded);
	}

	forget(channel: Channel): void {
		if (this.#channels.get(channel.topic) === channel) this.#channels.delete(channel.topic);
	}

	/** Closes the connection (server shutdown); clients reconnect and rejoin on their own. */
	close(code = 1001, reason = 'server shutting down'): void {
		this.#ws.close(code, reason);
	}

	#resetIdleTimer(): void {
		clearTimeout(this.#idleTimer);
		this.#idleTimer = setTimeout(
			() => this.#ws.close(1000, 'heartbeat timeout'),
			this.#idleTimeoutMs
		);
	}

	#receive(data: Buffer, isBinary: boolean): void {
		this.#resetIdleTimer();
		let frame: Inbound;
		try {
			frame = classify(this.serializer.decode(data, isBinary));
		} catch (error) {
			if (!(error instanceof FrameError)) throw error;
			this.#services.log(`realtime: ignoring a malformed frame: ${error.message}`);
			return;
		}
		this.#queue = this.#queue
			.then(() => this.#handle(frame))
			.catch((error) =>
				this.#services.log(
					`realtime: handling ${frame.type} on ${frame.topic} failed: ${error?.stack ?? error}`
				)
			);
	}

	#reply(frame: Inbound, status: 'ok' | 'error', response: Record<string, unknown>): void {
		const { joinRef, ref, topic } = frame;
		this.send({ type: 'reply', joinRef, ref, topic, status, response });
	}

	async #handle(frame: Inbound): Promise<void> {
		if (frame.type === 'heartbeat') return this.#reply(frame, 'ok', {});
		if (frame.type === 'join') return this.#join(frame);
		const channel = this.#channels.get(frame.topic);
		if (channel) return channel.handle(frame);
		// Phoenix acknowledges leaving a topic it does not know, and refuses anything else.
		if (frame.type === 'leave') return this.#reply(frame, 'ok', {});
		this.#reply(frame, 'error', { reason: 'unmatched topic' });
	}

	async #join(frame: Extract<Inbound, { type: 'join' }>): Promise<void> {
		if (!frame.topic.startsWith('realtime:'))
			return this.#reply(frame, 'error', { reason: 'unmatched topic' });
		// A second join of a joined topic replaces the first, which is closed (Phoenix's duplicate join).
		this.#channels.get(frame.topic)?.close();
		const channel = await Channel.join(this.#services, this, frame);
		if (!channel) return;
		if (this.#ws.readyState !== WebSocket.OPEN) return channel.terminate();
		this.#channels.set(frame.topic, channel);
	}

	#closed(): void {
		clearTimeout(this.#idleTimer);
		for (const channel of this.#channels.values()) channel.terminate();
		this.#channels.clear();
	}
}

function toBuffer(data: WebSocket.RawData): Buffer {
	if (Buffer.isBuffer(data)) return data;
	if (Array.isArray(data)) return Buffer.concat(data);
	return Buffer.from(data);
}
