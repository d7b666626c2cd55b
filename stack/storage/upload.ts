// Receiving an upload the way Storage does: read what is declared (MIME type, size, cache control),
// ask RLS whether the caller may write the row, stream the bytes into a pending blob under the size
// limit, then place them and write the row as Storage itself. Any refusal or failure on the way
// leaves neither bytes nor row behind.
import { randomUUID } from 'node:crypto';
import { serviceCaller, type Caller } from './auth';
import type { BlobLocation, PendingBlob } from './blob-store';
import { StorageError, storageErrors } from './errors';
import { assertAllowedMimeType, isFolderPlaceholder, uploadLimit } from './limits';
import { readMultipartFile, type IncomingFile } from './multipart';
import { findObject, insertObject, upsertObject, type NewObject } from './object-queries';
import { assertValidKey } from './paths';
import type { StorageContext, StorageRequest } from './router';
import { runAs, testAs } from './sql';
import type { BucketRow, ObjectMetadata, ObjectRow } from './types';

export interface UploadTarget {
	bucket: BucketRow;
	key: string;
	owner: string | undefined;
	upsert: boolean;
	/** Whose RLS policies decide; undefined when a signed upload URL already authorized it. */
	caller: Caller | undefined;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** The `x-metadata` header: base64 JSON, ignored when it is not that. */
export function userMetadataFromHeader(value: string | string[] | undefined) {
	if (typeof value !== 'string') return undefined;
	try {
		return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

function declaredLength(r: StorageRequest): number | undefined {
	const length = Number(r.req.headers['content-length']);
	return Number.isFinite(length) && length >= 0 ? length : undefined;
}

/** The file and what the request says about it, refusing a declared size over the limit. */
async function incomingFile(r: StorageRequest, limit: number): Promise<IncomingFile> {
	const contentType = r.req.headers['content-type'];
	if (contentType?.startsWith('multipart/form-data')) return readMultipartFile(r.req);
	const length = declaredLength(r);
	if (length !== undefined && length > limit) throw storageErrors.entityTooLarge();
	return {
		bytes: r.req.iterator({ destroyOnReturn: false }),
		mimeType: contentType || 'application/octet-stream',
		cacheControl: r.req.headers['cache-control'] ?? 'no-cache',
		userMetadata: userMetadataFromHeader(r.req.headers['x-metadata'])
	};
}

/** Storage's `canUpload`: the row insert (or upsert) as the caller, rolled back. */
export async function assertMayUpload(
	ctx: StorageContext,
	r: StorageRequest,
	caller: Caller,
	object: NewObject,
	upsert: boolean
): Promise<void> {
	try {
		await testAs(ctx.db, caller, r.info, async (tx) => {
			if (upsert) await upsertObject(tx, object);
			else await insertObject(tx, object);
		});
	} catch (error) {
		if (error instanceof StorageError && error.code === 'ResourceAlreadyExists')
			throw storageErrors.alreadyExists('KeyAlreadyExists');
		throw error;
	}
}

/**
 * Writes the row for bytes already placed at `at`, as Storage (past RLS, which was asked before).
 * Returns the row and the version it replaced, whose bytes the caller then removes.
 */
export async function commitObject(
	ctx: StorageContext,
	r: StorageRequest,
	object: NewObject,
	upsert: boolean
): Promise<{ row: ObjectRow; replaced: string | null | undefined }> {
	return runAs(ctx.db, serviceCaller, r.info, async (tx) => {
		const previous = await findObject(tx, object.bucket_id, object.name, { lock: true });
		if (previous && !upsert) throw storageErrors.alreadyExists('KeyAlreadyExists');
		const replaced = previous?.version;
		if (upsert) return { row: await upsertObject(tx, object), replaced };
		await insertObject(tx, object);
		return { row: (await findObject(tx, object.bucket_id, object.name)) as ObjectRow, replaced };
	});
}

export async function receiveUpload(
	ctx: StorageContext,
	r: StorageRequest,
	target: UploadTarget
): Promise<ObjectRow> {
	const { bucket, key, upsert } = target;
	assertValidKey(key);
	const limit = uploadLimit(bucket, ctx.globalFileSizeLimit, key);
	const file = await incomingFile(r, limit);
	// Both are sent back as headers on every download; a control character would break them.
	if (controlCharacter.test(file.mimeType)) throw storageErrors.invalidMimeType(file.mimeType);
	if (controlCharacter.test(file.cacheControl))
		throw storageErrors.invalidRequest('Invalid character in the cache control');
	if (bucket.allowed_mime_types?.length && !isFolderPlaceholder(key))
		assertAllowedMimeType(file.mimeType, bucket.allowed_mime_types);

	const draft: NewObject = {
		bucket_id: bucket.id,
		name: key,
		owner: target.owner,
		version: randomUUID(),
		metadata: { mimetype: file.mimeType, contentLength: declaredLength(r) },
		user_metadata: file.userMetadata ?? {}
	};
	if (target.caller) await assertMayUpload(ctx, r, target.caller, draft, upsert);

	const pending = await ctx.blobs.write(file.bytes, limit);
	return storeUpload(ctx, r, draft, pending, file, upsert);
}

/**
 * Places bytes received for `draft` (already allowed) and writes the object row as Storage; the
 * version they replace is removed, and nothing is left behind if the row cannot be written.
 */
export async function storeUpload(
	ctx: StorageContext,
	r: StorageRequest,
	draft: NewObject,
	pending: PendingBlob,
	file: Pick<IncomingFile, 'mimeType' | 'cacheControl'>,
	upsert: boolean
): Promise<ObjectRow> {
	const at: BlobLocation = { bucket: draft.bucket_id, key: draft.name, version: draft.version };
	try {
		await ctx.blobs.place(pending, at);
	} catch (error) {
		await ctx.blobs.discard(pending);
		throw error;
	}

	const metadata: ObjectMetadata = {
		eTag: pending.eTag,
		size: pending.size,
		mimetype: file.mimeType,
		cacheControl: file.cacheControl,
		lastModified: new Date().toISOString(),
		contentLength: pending.size,
		httpStatusCode: 200
	};
	let committed;
	try {
		committed = await commitObject(ctx, r, { ...draft, metadata: { ...metadata } }, upsert);
	} catch (error) {
		await ctx.blobs.remove(at);
		throw error;
	}
	if (committed.replaced)
		await ctx.blobs
			.remove({ ...at, version: committed.replaced })
			.catch((error: Error) =>
				ctx.log(
					`storage: could not remove replaced bytes of ${at.bucket}/${at.key}: ${error.message}`
				)
			);
	return committed.row;
}
