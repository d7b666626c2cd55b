// The Phoenix wire protocol: frames, and the two serializer versions Supabase accepts
// (`vsn=1.0.0` JSON objects, `vsn=2.0.0` JSON arrays plus binary broadcasts).
import type { Serializer } from './serializer';
import { serializerV1 } from './serializer-v1';
import { serializerV2 } from './serializer-v2';

export * from './messages';
export { FrameError, type Serializer, type Vsn } from './serializer';

/** Phoenix defaults a missing `vsn` to 1.0.0; anything else is refused at the handshake. */
export function serializerFor(vsn: string | null): Serializer | undefined {
	if (vsn === null || vsn === '1.0.0') return serializerV1;
	if (vsn === '2.0.0') return serializerV2;
	return undefined;
}
