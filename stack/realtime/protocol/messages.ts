// The frames of Supabase Realtime's Phoenix protocol, as typed values: what a client sends once it is
// decoded and classified, and what the server sends before a serializer encodes it.

/** A Phoenix message as both serializers carry it (`[join_ref, ref, topic, event, payload]`). */
export interface PhoenixMessage {
	joinRef: string | null;
	ref: string | null;
	topic: string;
	event: string;
	payload: unknown;
}

/** A broadcast a client sent with realtime-js's binary push (kind 3), or posted to `httpSend`. */
export interface UserBroadcast {
	event: string;
	encoding: 'json' | 'binary';
	/** The user payload exactly as sent: JSON text bytes or raw bytes. */
	data: Buffer;
	/** Sent along as the broadcast's `meta` (the message id of a broadcast from the database). */
	meta?: Record<string, unknown>;
}

/** What a serializer hands the socket: a Phoenix message, or a binary user broadcast push. */
export type DecodedFrame =
	| { kind: 'message'; message: PhoenixMessage }
	| {
			kind: 'user-broadcast';
			joinRef: string | null;
			ref: string | null;
			topic: string;
			broadcast: UserBroadcast;
	  };

/** A broadcast on its way to subscribers: a JSON payload map, or a user broadcast kept in bytes. */
export type BroadcastMessage =
	{ kind: 'json'; payload: Record<string, unknown> } | { kind: 'user'; broadcast: UserBroadcast };

interface Addressed {
	joinRef: string | null;
	ref: string | null;
	topic: string;
}

/** A client frame, by what the server does with it. */
export type Inbound =
	| ({ type: 'heartbeat' } & Addressed)
	| ({ type: 'join'; payload: unknown } & Addressed)
	| ({ type: 'leave' } & Addressed)
	| ({ type: 'access_token'; accessToken: unknown } & Addressed)
	| ({ type: 'broadcast'; broadcast: BroadcastMessage } & Addressed)
	| ({ type: 'presence'; payload: unknown } & Addressed)
	| ({ type: 'other'; event: string; payload: unknown } & Addressed);

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export function classify(frame: DecodedFrame): Inbound {
	if (frame.kind === 'user-broadcast') {
		const { joinRef, ref, topic, broadcast } = frame;
		return { type: 'broadcast', joinRef, ref, topic, broadcast: { kind: 'user', broadcast } };
	}
	const { joinRef, ref, topic, event, payload } = frame.message;
	const at = { joinRef, ref, topic };
	if (topic === 'phoenix' && event === 'heartbeat') return { type: 'heartbeat', ...at };
	switch (event) {
		case 'phx_join':
			return { type: 'join', payload, ...at };
		case 'phx_leave':
			return { type: 'leave', ...at };
		case 'access_token':
			return {
				type: 'access_token',
				accessToken: isRecord(payload) ? payload.access_token : undefined,
				...at
			};
		case 'broadcast':
			return {
				type: 'broadcast',
				broadcast: { kind: 'json', payload: isRecord(payload) ? payload : {} },
				...at
			};
		case 'presence':
			return { type: 'presence', payload, ...at };
		default:
			return { type: 'other', event, payload, ...at };
	}
}

/** Server → client. */
export type Outbound =
	| {
			type: 'reply';
			joinRef: string | null;
			ref: string | null;
			topic: string;
			status: 'ok' | 'error';
			response: Record<string, unknown>;
	  }
	| {
			type: 'push';
			joinRef: string | null;
			ref?: string | null;
			topic: string;
			event: ServerEvent;
			payload: Record<string, unknown>;
	  }
	| { type: 'user-broadcast'; topic: string; broadcast: UserBroadcast };

export type ServerEvent =
	'system' | 'presence_state' | 'presence_diff' | 'phx_close' | 'postgres_changes' | 'broadcast';

/** The `system` push Supabase uses for subscription results and channel shutdowns. */
export const systemPush = (
	topic: string,
	joinRef: string | null,
	extension: 'system' | 'postgres_changes',
	status: 'ok' | 'error',
	message: string,
	channel: string
): Outbound => ({
	type: 'push',
	joinRef,
	topic,
	event: 'system',
	payload: { extension, status, message, channel }
});
