// supabase-js builds a realtime client with every client, and Node 20 has no WebSocket of its own;
// server clients never open a socket, but need a transport to be constructed at all.
import WebSocket from 'ws';

export const serverRealtime = { transport: WebSocket as unknown as typeof globalThis.WebSocket };
