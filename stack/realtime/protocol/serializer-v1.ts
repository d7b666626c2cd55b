// Phoenix's V1 JSON serializer: every frame is a JSON object `{topic, event, payload, ref}`.
import { isRecord } from './messages';
import { FrameError, type Serializer } from './serializer';

const text = (value: unknown) => (typeof value === 'string' ? value : null);

export const serializerV1: Serializer = {
	vsn: '1.0.0',

	decode(data, isBinary) {
		if (isBinary) throw new FrameError('binary frames need vsn 2.0.0');
		let parsed: unknown;
		try {
			parsed = JSON.parse(data.toString('utf8'));
		} catch {
			throw new FrameError('frame is not JSON');
		}
		if (!isRecord(parsed) || typeof parsed.topic !== 'string' || typeof parsed.event !== 'string')
			throw new FrameError('expected a message object with topic and event');
		return {
			kind: 'message',
			message: {
				joinRef: text(parsed.join_ref),
				ref: text(parsed.ref),
				topic: parsed.topic,
				event: parsed.event,
				payload: parsed.payload
			}
		};
	},

	// V1 frames carry no join_ref (Phoenix encodes only topic, event, payload and ref).
	encode(frame) {
		switch (frame.type) {
			case 'reply':
				return JSON.stringify({
					topic: frame.topic,
					event: 'phx_reply',
					payload: { status: frame.status, response: frame.response },
					ref: frame.ref
				});
			case 'push':
				return JSON.stringify({
					topic: frame.topic,
					event: frame.event,
					payload: frame.payload,
					ref: frame.ref ?? null
				});
			case 'user-broadcast': {
				// As Supabase does, a JSON user broadcast is converted for V1 clients; bytes cannot be.
				if (frame.broadcast.encoding === 'binary') return undefined;
				const payload = {
					type: 'broadcast',
					event: frame.broadcast.event,
					payload: JSON.parse(frame.broadcast.data.toString('utf8')),
					...(frame.broadcast.meta ? { meta: frame.broadcast.meta } : {})
				};
				return JSON.stringify({ topic: frame.topic, event: 'broadcast', payload, ref: null });
			}
		}
	}
};
