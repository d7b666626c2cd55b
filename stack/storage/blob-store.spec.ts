// Both blob stores keep the same promises: bytes are invisible until placed, a refused write leaves
// nothing, copies share bytes, and removing is idempotent.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store';
import { createDiskBlobStore } from './disk-blob-store';
import { createMemoryBlobStore } from './memory-blob-store';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

const stores: [string, () => Promise<BlobStore>][] = [
	['in memory', async () => createMemoryBlobStore()],
	[
		'on disk',
		async () => {
			const root = await mkdtemp(join(tmpdir(), 'autocrm-blobs-'));
			folders.push(root);
			return createDiskBlobStore(root);
		}
	]
];

const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));
const at = { bucket: 'b', key: 'folder/file.txt', version: 'v1' };

describe.each(stores)('a blob store %s', (_, open) => {
	it('keeps written bytes out of sight until placed, with their size and MD5', async () => {
		const store = await open();
		const blob = await store.write(chunks('hello ', 'world'), 100);
		expect(blob).toMatchObject({ size: 11, eTag: '"5eb63bbbe01eeed093cb22bb8f5acdc3"' });
		expect(await store.read(at)).toBeUndefined();
		await store.place(blob, at);
		expect(await text((await store.read(at))!)).toBe('hello world');
		expect(await text((await store.read(at, { start: 6, end: 10 }))!)).toBe('world');
	});

	it('refuses bytes past the limit while streaming', async () => {
		const store = await open();
		await expect(store.write(chunks('12345', '6'), 5)).rejects.toMatchObject({
			code: 'EntityTooLarge'
		});
	});

	it('copies a version and removes each one on its own, twice without harm', async () => {
		const store = await open();
		await store.place(await store.write(chunks('shared'), 100), at);
		const copy = { ...at, key: 'other/copy.txt', version: 'v2' };
		await store.copy(at, copy);
		await store.remove(at);
		await store.remove(at);
		expect(await store.read(at)).toBeUndefined();
		expect(await text((await store.read(copy))!)).toBe('shared');
	});
});

describe('the disk blob store', () => {
	it('leaves no file behind a refused write, and prunes emptied folders', async () => {
		const root = await mkdtemp(join(tmpdir(), 'autocrm-blobs-'));
		folders.push(root);
		const store = await createDiskBlobStore(root);
		await expect(store.write(chunks('123456'), 3)).rejects.toMatchObject({
			code: 'EntityTooLarge'
		});
		expect(await readdir(join(root, 'incoming'))).toEqual([]);

		const discarded = await store.write(chunks('x'), 3);
		await store.discard(discarded);
		expect(await readdir(join(root, 'incoming'))).toEqual([]);

		await store.place(await store.write(chunks('x'), 3), {
			bucket: 'b',
			key: 'a/b/c.txt',
			version: 'v'
		});
		await store.remove({ bucket: 'b', key: 'a/b/c.txt', version: 'v' });
		expect(await readdir(join(root, 'buckets'))).toEqual([]);
	});

	it('clears what a crash left half-written when it opens', async () => {
		const root = await mkdtemp(join(tmpdir(), 'autocrm-blobs-'));
		folders.push(root);
		const first = await createDiskBlobStore(root);
		await first.write(chunks('orphan'), 100);
		expect(await readdir(join(root, 'incoming'))).toHaveLength(1);
		await createDiskBlobStore(root);
		expect(await readdir(join(root, 'incoming'))).toEqual([]);
	});
});
