// Object bytes as files, laid out like Storage's file backend: `buckets/<bucket>/<key>/<version>`
// under the data folder, with uploads streamed to `incoming/<id>` first and renamed into place.
import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { ByteMeter, type BlobLocation, type BlobStore } from './blob-store';
import { storageErrors } from './errors';
import { resolveInside } from './paths';

const writeBatchBytes = 1024 * 1024;
const readChunkBytes = 1024 * 1024;

const errno = (error: unknown) => (error as NodeJS.ErrnoException)?.code;

export async function createDiskBlobStore(root: string): Promise<BlobStore> {
	const incoming = join(root, 'incoming');
	const buckets = join(root, 'buckets');
	// Whatever a crash left half-written is no one's object.
	await rm(incoming, { recursive: true, force: true });
	await mkdir(incoming, { recursive: true });
	await mkdir(buckets, { recursive: true });

	const pathOf = (at: BlobLocation) =>
		resolveInside(buckets, at.bucket, ...at.key.split('/'), at.version);

	/** Puts a file at `target` with `put`, creating folders; retries once if a cleanup raced it. */
	const into = async (target: string, key: string, put: () => Promise<void>) => {
		for (let attempt = 0; ; attempt++) {
			try {
				await mkdir(dirname(target), { recursive: true });
				await put();
				return;
			} catch (error) {
				if (errno(error) === 'ENAMETOOLONG') throw storageErrors.invalidKey(key);
				if (errno(error) !== 'ENOENT' || attempt > 0) throw error;
			}
		}
	};

	/** Removes folders left empty, up to (not including) the buckets folder. */
	const prune = async (folder: string) => {
		for (let dir = folder; dir.startsWith(buckets + sep); dir = dirname(dir)) {
			try {
				await rmdir(dir);
			} catch (error) {
				if (errno(error) !== 'ENOENT') return;
			}
		}
	};

	return {
		async write(source, maxBytes) {
			const id = randomUUID();
			const file = join(incoming, id);
			const meter = new ByteMeter(maxBytes);
			const handle = await open(file, 'wx');
			// Small network chunks are gathered into large writes: one file-system call per MiB.
			let batch: Uint8Array[] = [];
			let batched = 0;
			const flush = async () => {
				if (batch.length) await handle.writev(batch);
				batch = [];
				batched = 0;
			};
			try {
				for await (const chunk of source) {
					meter.add(chunk);
					batch.push(chunk);
					batched += chunk.byteLength;
					if (batched >= writeBatchBytes) await flush();
				}
				await flush();
				await handle.close();
			} catch (error) {
				await handle.close().catch(() => {});
				await rm(file, { force: true });
				throw error;
			}
			return { id, size: meter.size, eTag: meter.eTag };
		},
		async place(blob, at) {
			const target = pathOf(at);
			await into(target, at.key, () => rename(join(incoming, blob.id), target));
		},
		async discard(blob) {
			await rm(join(incoming, blob.id), { force: true });
		},
		async read(at, range) {
			let handle;
			try {
				handle = await open(pathOf(at), 'r');
			} catch (error) {
				if (errno(error) === 'ENOENT') return undefined;
				throw error;
			}
			return handle.createReadStream({ ...range, highWaterMark: readChunkBytes });
		},
		async copy(from, to) {
			const source = pathOf(from);
			const target = pathOf(to);
			// Versions never change once placed, so a hard link is a faithful copy.
			await into(target, to.key, () =>
				link(source, target).catch((error) => {
					if (errno(error) === 'ENOENT') throw error;
					return copyFile(source, target);
				})
			);
		},
		async remove(at) {
			const file = pathOf(at);
			await rm(file, { force: true });
			await prune(dirname(file));
		}
	};
}
