// What the socket needs from a Phoenix serializer.
import type { DecodedFrame, Outbound } from './messages';

export type Vsn = '1.0.0' | '2.0.0';

export class FrameError extends Error {
	name = 'FrameError';
}

export interface Serializer {
	readonly vsn: Vsn;
	/** Throws FrameError for a frame this version cannot carry. */
	decode(data: Buffer, isBinary: boolean): DecodedFrame;
	/** Undefined when this version cannot carry the frame (binary payloads on 1.0.0). */
	encode(frame: Outbound): string | Buffer | undefined;
}
