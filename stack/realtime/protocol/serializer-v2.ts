// Supabase's V2 serializer: JSON arrays `[join_ref, ref, topic, event, payload]` for text frames,
// plus the binary user broadcast frames realtime-js speaks: kind 3 (client push) and kind 4 (server
// broadcast), each a header of one-byte lengths followed by the strings and the raw payload.
import type { Outbound, UserBroadcast } from './messages';
import { FrameError, type Serializer } from './serializer';

const userBroadcastPush = 3;
const userBroadcast = 4;
const encodings = { binary: 0, json: 1 } as const;

const text = (value: unknown) => (typeof value === 'string' ? value : null);

function decodeUserBroadcastPush(data: Buffer) {
	const headerLength = 7;
	if (data.length < headerLength) throw new FrameError('binary frame too short');
	const [, joinRefSize, refSize, topicSize, eventSize, metaSize, encoding] = data;
	let offset = headerLength;
	// realtime-js writes these strings one char code per byte, so they are read back the same way.
	const take = (size: number) => {
		if (offset + size > data.length) throw new FrameError('binary frame too short');
		const value = data.toString('latin1', offset, offset + size);
		offset += size;
		return value;
	};
	const joinRef = take(joinRefSize);
	const ref = take(refSize);
	const topic = take(topicSize);
	const event = take(eventSize);
	take(metaSize);
	const broadcast: UserBroadcast = {
		event,
		encoding: encoding === encodings.binary ? 'binary' : 'json',
		data: data.subarray(offset)
	};
	if (broadcast.encoding === 'json') {
		try {
			JSON.parse(broadcast.data.toString('utf8'));
		} catch {
			throw new FrameError('broadcast payload is not JSON');
		}
	}
	return { joinRef: joinRef || null, ref: ref || null, topic, broadcast };
}

function encodeUserBroadcast(topic: string, broadcast: UserBroadcast): Buffer {
	const topicBytes = Buffer.from(topic, 'utf8');
	const eventBytes = Buffer.from(broadcast.event, 'utf8');
	const metaBytes = Buffer.from(broadcast.meta ? JSON.stringify(broadcast.meta) : '', 'utf8');
	if (topicBytes.length > 255 || eventBytes.length > 255 || metaBytes.length > 255)
		throw new FrameError('topic, event and meta must be at most 255 bytes');
	const header = Buffer.from([
		userBroadcast,
		topicBytes.length,
		eventBytes.length,
		metaBytes.length,
		encodings[broadcast.encoding]
	]);
	return Buffer.concat([header, topicBytes, eventBytes, metaBytes, broadcast.data]);
}

export const serializerV2: Serializer = {
	vsn: '2.0.0',

	decode(data, isBinary) {
		if (isBinary) {
			if (data[0] !== userBroadcastPush)
				throw new FrameError(`unsupported binary frame kind ${data[0]}`);
			return { kind: 'user-broadcast', ...decodeUserBroadcastPush(data) };
		}
		let parsed: unknown;
		try {
			parsed = JSON.parse(data.toString('utf8'));
		} catch {
			throw new FrameError('frame is not JSON');
		}
		if (!Array.isArray(parsed) || parsed.length < 5)
			throw new FrameError('expected a V2 array [join_ref, ref, topic, event, payload]');
		const [joinRef, ref, topic, event, payload] = parsed;
		if (typeof topic !== 'string' || typeof event !== 'string')
			throw new FrameError('topic and event must be strings');
		return {
			kind: 'message',
			message: { joinRef: text(joinRef), ref: text(ref), topic, event, payload }
		};
	},

	encode(frame: Outbound) {
		switch (frame.type) {
			case 'reply':
				return JSON.stringify([
					frame.joinRef,
					frame.ref,
					frame.topic,
					'phx_reply',
					{ status: frame.status, response: frame.response }
				]);
			case 'push':
				return JSON.stringify([
					frame.joinRef,
					frame.ref ?? null,
					frame.topic,
					frame.event,
					frame.payload
				]);
			case 'user-broadcast':
				return encodeUserBroadcast(frame.topic, frame.broadcast);
		}
	}
};
