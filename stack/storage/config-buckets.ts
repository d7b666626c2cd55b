// `[storage.buckets.<name>]` in config.toml, applied at every start as the CLI does: each bucket is
// created or brought up to date (public, file_size_limit, allowed_mime_types), and the files of its
// `objects_path` folder (relative to `supabase/`) are uploaded into it, overwriting same-named ones.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { StackConfig } from '../config';
import type { Database } from '../db';
import { serviceCaller } from './auth';
import type { BlobStore } from './blob-store';
import { assertValidMimePatterns } from './limits';
import { upsertObject } from './object-queries';
import { isValidBucketName, isValidKey } from './paths';
import { runAs, textArray } from './sql';

export class BucketConfigError extends Error {
	name = 'BucketConfigError';
}

const startup = { method: 'START', path: 'config.toml' };

// The types a seeded file most likely has; anything else is stored as bytes.
const typesByExtension: Record<string, string> = {
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.svg': 'image/svg+xml',
	'.ico': 'image/x-icon',
	'.pdf': 'application/pdf',
	'.json': 'application/json',
	'.txt': 'text/plain',
	'.csv': 'text/csv',
	'.md': 'text/markdown',
	'.html': 'text/html',
	'.css': 'text/css',
	'.js': 'text/javascript',
	'.mp4': 'video/mp4',
	'.mp3': 'audio/mpeg',
	'.zip': 'application/zip'
};

async function filesBelow(folder: string): Promise<string[]> {
	const entries = await readdir(folder, { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

async function seedObjects(
	db: Database,
	blobs: BlobStore,
	bucketId: string,
	folder: string,
	maxBytes: number
): Promise<void> {
	for (const key of await filesBelow(folder)) {
		if (!isValidKey(key))
			throw new BucketConfigError(
				`storage.buckets.${bucketId}.objects_path: "${key}" is not a valid object key`
			);
		const version = randomUUID();
		const pending = await blobs.write(createReadStream(join(folder, key)), maxBytes);
		const at = { bucket: bucketId, key, version };
		await blobs.place(pending, at);
		const mimetype = typesByExtension[extname(key).toLowerCase()] ?? 'application/octet-stream';
		const replaced = await runAs(db, serviceCaller, startup, async (tx) => {
			const { rows } = await tx.query<{ version: string | null }>(
				`select version from storage.objects where bucket_id = $1 and name = $2 for update`,
				[bucketId, key]
			);
			await upsertObject(tx, {
				bucket_id: bucketId,
				name: key,
				owner: undefined,
				version,
				metadata: {
					eTag: pending.eTag,
					size: pending.size,
					mimetype,
					cacheControl: 'max-age=3600',
					lastModified: new Date().toISOString(),
					contentLength: pending.size,
					httpStatusCode: 200
				},
				user_metadata: {}
			});
			return rows[0]?.version;
		}).catch(async (error) => {
			await blobs.remove(at);
			throw error;
		});
		if (replaced) await blobs.remove({ ...at, version: replaced });
	}
}

export async function applyConfigBuckets(
	db: Database,
	blobs: BlobStore,
	workdir: string,
	storage: StackConfig['storage']
): Promise<void> {
	for (const [id, bucket] of Object.entries(storage.buckets)) {
		const where = `storage.buckets.${id}`;
		if (!isValidBucketName(id))
			throw new BucketConfigError(`${where}: "${id}" is not a valid bucket name`);
		try {
			assertValidMimePatterns(bucket.allowed_mime_types ?? []);
		} catch (error) {
			throw new BucketConfigError(`${where}.allowed_mime_types: ${(error as Error).message}`);
		}
		await db.query(
			`insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
			 values ($1, $1, $2, $3, ${textArray('$4')})
			 on conflict (id) do update set public = excluded.public,
			   file_size_limit = excluded.file_size_limit,
			   allowed_mime_types = excluded.allowed_mime_types, updated_at = now()`,
			[
				id,
				bucket.public,
				bucket.file_size_limit ?? null,
				bucket.allowed_mime_types ? JSON.stringify(bucket.allowed_mime_types) : null
			]
		);
		if (bucket.objects_path) {
			const folder = resolve(workdir, 'supabase', bucket.objects_path);
			await seedObjects(db, blobs, id, folder, storage.file_size_limit).catch((error) => {
				if (error instanceof BucketConfigError) throw error;
				throw new BucketConfigError(
					`${where}.objects_path (${folder}): ${(error as Error).message}`
				);
			});
		}
	}
}
