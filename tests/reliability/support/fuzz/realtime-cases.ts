// Generated realtime traffic: Phoenix frames over the socket (both serializers, text and binary,
// joins with every kind of config, pushes to topics never joined, garbage) and calls to the
// broadcast HTTP API.
import type { Credentials, FuzzRequest } from './http-cases';
import { awkwardString, body, encodePart, jsonObject, jsonValue, type Random } from './random';

export type RealtimeStep =
	| { kind: 'frame'; vsn: '1.0.0' | '2.0.0'; frame: string | Uint8Array }
	| { kind: 'http'; request: FuzzRequest };

const tables = ['tickets', 'ticket_activities', 'profiles', 'attachments', 'teams', '*', 'nope'];
const events = [
	'phx_join',
	'phx_leave',
	'heartbeat',
	'access_token',
	'broadcast',
	'presence',
	'postgres_changes',
	'phx_reply',
	'nonsense'
];

function joinPayload(r: Random, c: Credentials): Record<string, unknown> {
	const changes = Array.from({ length: r.int(0, 3) }, () =>
		jsonObject(r, ['event', 'schema', 'table', 'filter', 'select'], (key) => {
			if (key === 'event') return r.pick(['*', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']);
			if (key === 'schema') return r.pick(['public', 'auth', '*']);
			if (key === 'table') return r.pick(tables);
			if (key === 'filter')
				return `${r.pick(['id', 'status', 'subject', 'nope'])}=${r.pick(['eq', 'in', 'like', 'is', 'zz'])}.${r.pick(['1', '(1,2)', 'null', awkwardString(r)])}`;
			return undefined;
		})
	);
	const config = r.chance(0.8)
		? {
				broadcast: { ack: r.chance(0.5), self: r.chance(0.5) },
				presence: { key: r.chance(0.5) ? '' : awkwardString(r), enabled: r.chance(0.5) },
				postgres_changes: r.chance(0.9) ? changes : jsonValue(r),
				private: r.chance(0.3)
			}
		: jsonValue(r);
	const payload: Record<string, unknown> = { config };
	if (r.chance(0.9))
		payload.access_token = r.pick([c.anon, ...c.users, c.expired, c.forged, awkwardString(r)]);
	return payload;
}

function topic(r: Random): string {
	return r.chance(0.9)
		? `realtime:${r.pick(['tickets', 'ticket:1', 'lobby', 'room', awkwardString(r)])}`
		: r.pick(['phoenix', awkwardString(r)]);
}

function message(r: Random, c: Credentials): [unknown, unknown, string, string, unknown] {
	const event = r.pick(events);
	let payload: unknown = jsonValue(r);
	if (event === 'phx_join') payload = joinPayload(r, c);
	if (event === 'access_token')
		payload = { access_token: r.pick([...c.users, c.expired, c.forged, c.anon, awkwardString(r)]) };
	if (event === 'broadcast')
		payload = { type: 'broadcast', event: awkwardString(r), payload: jsonValue(r) };
	if (event === 'presence')
		payload = { type: 'presence', event: r.pick(['track', 'untrack', 'x']), payload: jsonValue(r) };
	const ref = r.chance(0.9) ? String(r.int(1, 1000)) : jsonValue(r);
	const joinRef = r.chance(0.8) ? String(r.int(1, 50)) : jsonValue(r);
	return [joinRef, ref, event === 'heartbeat' ? 'phoenix' : topic(r), event, payload];
}

/** A client-to-server binary frame (serializer 2.0.0, kind 3), well-formed or cut short. */
function binaryFrame(r: Random, c: Credentials): Uint8Array {
	const [joinRef, ref, top, event] = message(r, c).map((part) => String(part ?? '')) as string[];
	const parts = [joinRef, ref, top, event, ''].map((text) =>
		new TextEncoder().encode(text.slice(0, 200))
	);
	const payload = new TextEncoder().encode(JSON.stringify(jsonValue(r)));
	const header = [3, ...parts.map((part) => part.length), r.pick([0, 1, 7])];
	const frame = new Uint8Array([...header, ...parts.flatMap((part) => [...part]), ...payload]);
	return r.chance(0.2) ? frame.slice(0, r.int(0, frame.length)) : frame;
}

export function realtimeStep(r: Random, c: Credentials): RealtimeStep {
	const roll = r.next();
	if (roll < 0.08) {
		const path = r.chance(0.5)
			? '/realtime/v1/api/broadcast'
			: `/realtime/v1/api/broadcast/${encodePart(awkwardString(r))}/events/${encodePart(awkwardString(r))}`;
		const headers: Record<string, string> = {
			apikey: r.pick([c.anon, c.serviceRole]),
			'content-type': r.pick(['application/json', 'application/octet-stream', 'text/plain'])
		};
		if (r.chance(0.7))
			headers.authorization = `Bearer ${r.pick([c.anon, c.serviceRole, ...c.users, c.expired])}`;
		return {
			kind: 'http',
			request: {
				method: r.pick(['POST', 'POST', 'GET', 'PUT']),
				path: `${path}${r.chance(0.3) ? '?private=true' : ''}`,
				headers,
				body: body(r, () =>
					r.chance(0.7)
						? {
								messages: Array.from({ length: r.int(0, 3) }, () =>
									jsonObject(r, ['topic', 'event', 'payload', 'private'])
								)
							}
						: jsonValue(r)
				)
			}
		};
	}
	const vsn = r.pick(['1.0.0', '2.0.0'] as const);
	if (vsn === '2.0.0' && roll < 0.25) return { kind: 'frame', vsn, frame: binaryFrame(r, c) };
	if (roll < 0.32) return { kind: 'frame', vsn, frame: awkwardString(r) };
	const [joinRef, ref, top, event, payload] = message(r, c);
	const frame =
		vsn === '2.0.0'
			? JSON.stringify([joinRef, ref, top, event, payload])
			: JSON.stringify({ join_ref: joinRef, ref, topic: top, event, payload });
	return { kind: 'frame', vsn, frame };
}
