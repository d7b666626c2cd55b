// The bucket API: list, get, create, update, empty, delete. Creating and changing buckets goes
// through RLS on `storage.buckets` as the caller, as in Storage, so in practice it needs the
// service role (or a policy the project writes).
import { z } from 'zod';
import { sendJson } from '../../http';
import { assertServiceRole, authenticate, serviceCaller } from '../auth';
import {
	bucketHasObjects,
	deleteBucket,
	findBucket,
	insertBucket,
	listBuckets,
	updateBucket,
	type BucketChanges
} from '../bucket-queries';
import { StorageError, storageErrors } from '../errors';
import { readJson } from '../json-body';
import { assertValidMimePatterns, normalizedMimeTypes, parseBucketSizeLimit } from '../limits';
import { deleteAllObjects } from '../object-queries';
import { assertValidBucketName } from '../paths';
import type { StorageContext, StorageRequest, StorageRoute } from '../router';
import { runAs } from '../sql';
import type { BucketRow } from '../types';

const sizeLimit = z
	.union([
		z.number().int().nonnegative(),
		z.string().regex(/^[0-9]+(?:\.[0-9]+)?(?:[gG][bB]|[mM][bB]|[kK][bB]|[bB])$/)
	])
	.nullable()
	.optional();

const mimeTypes = z.array(z.string()).nullable().optional();

const createBody = z.object({
	name: z.string(),
	id: z.string().optional(),
	public: z.boolean().optional(),
	type: z.enum(['STANDARD', 'ANALYTICS']).optional(),
	file_size_limit: sizeLimit,
	allowed_mime_types: mimeTypes
});

const updateBody = z
	.object({
		public: z.boolean().optional(),
		file_size_limit: sizeLimit,
		allowed_mime_types: mimeTypes
	})
	.refine(
		(body) =>
			body.public !== undefined ||
			body.file_size_limit !== undefined ||
			body.allowed_mime_types !== undefined,
		'must have one of public, file_size_limit, allowed_mime_types'
	);

const emptyBody = z.unknown();

const listQuery = z.object({
	limit: z.coerce.number().int().min(1).optional(),
	offset: z.coerce.number().int().min(0).optional(),
	sortColumn: z.enum(['id', 'name', 'created_at', 'updated_at']).optional(),
	sortOrder: z.enum(['asc', 'desc']).optional(),
	search: z.string().optional()
});

/** A bucket as the API shows it; Storage prints a missing owner as an empty string. */
const shown = (bucket: BucketRow) => ({
	id: bucket.id,
	name: bucket.name,
	owner: bucket.owner ?? '',
	public: bucket.public,
	file_size_limit: bucket.file_size_limit,
	allowed_mime_types: bucket.allowed_mime_types,
	created_at: bucket.created_at,
	updated_at: bucket.updated_at
});

function mimeList(list: string[] | null | undefined): string[] | null | undefined {
	if (!list) return list;
	assertValidMimePatterns(list);
	return normalizedMimeTypes(list);
}

export function bucketRoutes(ctx: StorageContext): StorageRoute[] {
	const sizeLimitOf = (value: number | string | null | undefined) =>
		value === null || value === undefined
			? value
			: parseBucketSizeLimit(value, ctx.globalFileSizeLimit);

	const list = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const query = listQuery.safeParse(Object.fromEntries(r.url.searchParams));
		if (!query.success)
			throw storageErrors.invalidRequest(`querystring ${query.error.issues[0].message}`);
		const buckets = await runAs(ctx.db, caller, r.info, (tx) => listBuckets(tx, query.data));
		sendJson(
			r.res,
			200,
			buckets.map((bucket) => ({ ...shown(bucket), type: 'STANDARD' }))
		);
	};

	const get = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		assertValidBucketName(r.bucket);
		const bucket = await runAs(ctx.db, caller, r.info, (tx) => findBucket(tx, r.bucket));
		if (!bucket) throw storageErrors.noSuchBucket();
		sendJson(r.res, 200, shown(bucket));
	};

	const create = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const body = await readJson(r.req, createBody);
		if (body.type === 'ANALYTICS') throw storageErrors.notSupported('analytics (Iceberg) buckets');
		const id = body.id || body.name;
		if (body.name.trim() !== body.name) throw storageErrors.invalidBucketName();
		assertValidBucketName(body.name);
		assertValidBucketName(id);
		const bucket = {
			id,
			name: body.name,
			owner: caller.owner,
			public: body.public ?? false,
			file_size_limit: sizeLimitOf(body.file_size_limit) ?? null,
			allowed_mime_types: mimeList(body.allowed_mime_types) ?? null
		};
		try {
			await runAs(ctx.db, caller, r.info, (tx) => insertBucket(tx, bucket));
		} catch (error) {
			if (error instanceof StorageError && error.code === 'ResourceAlreadyExists')
				throw storageErrors.alreadyExists('BucketAlreadyExists');
			throw error;
		}
		sendJson(r.res, 200, { name: body.name });
	};

	const update = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const body = await readJson(r.req, updateBody);
		assertValidBucketName(r.bucket);
		const changes: BucketChanges = {
			public: body.public,
			file_size_limit: sizeLimitOf(body.file_size_limit),
			allowed_mime_types: mimeList(body.allowed_mime_types)
		};
		const updated = await runAs(ctx.db, caller, r.info, (tx) =>
			updateBucket(tx, r.bucket, changes)
		);
		if (!updated) throw storageErrors.noSuchBucket();
		sendJson(r.res, 200, { message: 'Successfully updated' });
	};

	const remove = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		assertValidBucketName(r.bucket);
		await readJson(r.req, emptyBody);
		await runAs(ctx.db, serviceCaller, r.info, async (tx) => {
			if (!(await findBucket(tx, r.bucket))) throw storageErrors.noSuchBucket();
			if (await bucketHasObjects(tx, r.bucket)) throw storageErrors.bucketNotEmpty();
		});
		const deleted = await runAs(ctx.db, caller, r.info, (tx) => deleteBucket(tx, r.bucket));
		if (!deleted) throw storageErrors.noSuchBucket();
		sendJson(r.res, 200, { message: 'Successfully deleted' });
	};

	const empty = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		assertServiceRole(caller);
		assertValidBucketName(r.bucket);
		await readJson(r.req, emptyBody);
		const removed = await runAs(ctx.db, caller, r.info, async (tx) => {
			if (!(await findBucket(tx, r.bucket))) throw storageErrors.noSuchBucket();
			return deleteAllObjects(tx, r.bucket);
		});
		for (const object of removed)
			await ctx.blobs.remove({ bucket: r.bucket, key: object.name, version: object.version ?? '' });
		// Storage empties buckets in the background and says so; here it is already done.
		sendJson(r.res, 200, {
			message: 'Empty bucket has been queued. Completion may take up to an hour.'
		});
	};

	return [
		{ method: 'GET', pattern: '/bucket', handle: list },
		{ method: 'GET', pattern: '/bucket/', handle: list },
		{ method: 'POST', pattern: '/bucket', handle: create },
		{ method: 'POST', pattern: '/bucket/', handle: create },
		{ method: 'POST', pattern: '/bucket/:bucket/empty', handle: empty },
		{ method: 'GET', pattern: '/bucket/:bucket', handle: get },
		{ method: 'PUT', pattern: '/bucket/:bucket', handle: update },
		{ method: 'DELETE', pattern: '/bucket/:bucket', handle: remove }
	];
}
