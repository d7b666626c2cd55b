// Server-side Supabase clients read and write over HTTP only: pages follow changes from the browser.
// supabase-js still wants a WebSocket constructor to build a client at all, and Node 20 has none, so
// the server hands it one that refuses to connect: a socket opened on the server is a bug, said aloud.
import type { WebSocketLike } from '@supabase/supabase-js';

class NoServerSocket extends EventTarget implements WebSocketLike {
	declare readonly CONNECTING: number;
	declare readonly OPEN: number;
	declare readonly CLOSING: number;
	declare readonly CLOSED: number;
	declare readonly readyState: number;
	declare readonly url: string;
	declare readonly protocol: string;
	declare onopen: WebSocketLike['onopen'];
	declare onmessage: WebSocketLike['onmessage'];
	declare onclose: WebSocketLike['onclose'];
	declare onerror: WebSocketLike['onerror'];
	declare close: WebSocketLike['close'];
	declare send: WebSocketLike['send'];

	constructor(address: string | URL) {
		super();
		throw new Error(
			`A server-side Supabase client tried to open a realtime socket to ${address}: ` +
				'realtime runs in the browser only.'
		);
	}
}

export const serverRealtime = { transport: NoServerSocket };
