// Object bytes in memory, for `--data memory` (and in-memory test stacks).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ByteMeter, type BlobLocation, type BlobStore, type PendingBlob } from './blob-store';

const keyOf = (at: BlobLocation) => `${at.bucket}/${at.key}/${at.version}`;

export function createMemoryBlobStore(): BlobStore {
	const pending = new Map<string, Buffer>();
	const placed = new Map<string, Buffer>();

	return {
		async write(source, maxBytes) {
			const meter = new ByteMeter(maxBytes);
			const chunks: Uint8Array[] = [];
			for await (const chunk of source) {
				meter.add(chunk);
				chunks.push(chunk);
			}
			const id = randomUUID();
			pending.set(id, Buffer.concat(chunks));
			return { id, size: meter.size, eTag: meter.eTag };
		},
		async place(blob: PendingBlob, at) {
			const bytes = pending.get(blob.id);
			if (!bytes) throw new Error(`pending blob ${blob.id} is gone`);
			pending.delete(blob.id);
			placed.set(keyOf(at), bytes);
		},
		async discard(blob) {
			pending.delete(blob.id);
		},
		async read(at, range) {
			const bytes = placed.get(keyOf(at));
			if (!bytes) return undefined;
			return Readable.from(range ? [bytes.subarray(range.start, range.end + 1)] : [bytes]);
		},
		async copy(from, to) {
			const bytes = placed.get(keyOf(from));
			if (!bytes) throw new Error(`no bytes for ${keyOf(from)}`);
			placed.set(keyOf(to), bytes);
		},
		async remove(at) {
			placed.delete(keyOf(at));
		}
	};
}
