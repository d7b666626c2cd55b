// Where object bytes live: files under the data folder, or memory for `--data memory`. Bytes are
// written to a pending blob first (a temporary file) and only placed once the upload is accepted;
// a refused or failed upload discards them. Placed versions are never changed, only removed, so a
// copy may share bytes with its source.
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { storageErrors } from './errors';
import type { ObjectRow } from './types';

/** One stored version of an object: Storage keeps every upload under a fresh version id. */
export interface BlobLocation {
	bucket: string;
	key: string;
	version: string;
}

/** Where the bytes of an object row are. */
export const blobOf = (row: Pick<ObjectRow, 'bucket_id' | 'name' | 'version'>): BlobLocation => ({
	bucket: row.bucket_id,
	key: row.name,
	version: row.version ?? ''
});

export interface PendingBlob {
	readonly id: string;
	readonly size: number;
	/** The quoted MD5 of the bytes, as S3 and Storage give it. */
	readonly eTag: string;
}

/** Inclusive byte positions, as in an HTTP `Range`. */
export interface ByteRange {
	start: number;
	end: number;
}

export interface BlobStore {
	/** Streams `source` into a pending blob, refusing (and discarding) more than `maxBytes`. */
	write(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<PendingBlob>;
	place(blob: PendingBlob, at: BlobLocation): Promise<void>;
	discard(blob: PendingBlob): Promise<void>;
	/** The bytes of a placed blob, or undefined when they are missing. */
	read(at: BlobLocation, range?: ByteRange): Promise<Readable | undefined>;
	copy(from: BlobLocation, to: BlobLocation): Promise<void>;
	/** Removes a placed blob; a missing one is not an error. */
	remove(at: BlobLocation): Promise<void>;
}

/** Counts and hashes bytes as they stream by, failing as soon as they pass the limit. */
export class ByteMeter {
	#hash: Hash = createHash('md5');
	size = 0;

	constructor(private readonly maxBytes: number) {}

	add(chunk: Uint8Array): void {
		this.size += chunk.byteLength;
		if (this.size > this.maxBytes) throw storageErrors.entityTooLarge();
		this.#hash.update(chunk);
	}

	#eTag: string | undefined;

	/** The quoted MD5 of everything added; read once the bytes are all in. */
	get eTag(): string {
		this.#eTag ??= `"${this.#hash.digest('hex')}"`;
		return this.#eTag;
	}
}
