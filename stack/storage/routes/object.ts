// Objects: upload (POST, PUT to overwrite), download (authenticated, tolerant, public), HEAD,
// info, and delete (one, or many by `prefixes`).
import { z } from 'zod';
import { sendJson } from '../../http';
import { authenticate, serviceCaller } from '../auth';
import { blobOf } from '../blob-store';
import { findBucket } from '../bucket-queries';
import { storageErrors } from '../errors';
import { readJson } from '../json-body';
import { deleteObjects, findObject } from '../object-queries';
import { assertValidBucketName, assertValidKey } from '../paths';
import { readableObject, type ReadAccess } from '../read-object';
import { sendObject, sendObjectHead, sendObjectInfo } from '../render';
import type { StorageContext, StorageRequest, StorageRoute } from '../router';
import { runAs } from '../sql';
import type { BucketRow, ObjectRow } from '../types';
import { receiveUpload } from '../upload';

/** An object row as Storage's response schema prints it: missing strings become empty ones. */
export const shownObject = (row: ObjectRow) => ({
	...row,
	owner: row.owner ?? '',
	owner_id: row.owner_id ?? '',
	version: row.version ?? ''
});

const removeBody = z.object({ prefixes: z.array(z.string()).min(1) });

export function objectRoutes(ctx: StorageContext): StorageRoute[] {
	const bucketFor = async (r: StorageRequest): Promise<BucketRow> => {
		assertValidBucketName(r.bucket);
		const bucket = await runAs(ctx.db, serviceCaller, r.info, (tx) => findBucket(tx, r.bucket));
		if (!bucket) throw storageErrors.noSuchBucket();
		return bucket;
	};

	const upload = (upsert: 'header' | 'always') => async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const bucket = await bucketFor(r);
		const row = await receiveUpload(ctx, r, {
			bucket,
			key: r.key,
			owner: caller.owner,
			upsert: upsert === 'always' || r.req.headers['x-upsert'] === 'true',
			caller
		});
		sendJson(r.res, 200, { Id: row.id, Key: `${bucket.id}/${r.key}` });
	};

	const download = (access: ReadAccess) => async (r: StorageRequest) =>
		sendObject(ctx, r, await readableObject(ctx, r, access), {
			download: r.url.searchParams.get('download')
		});

	const head = (access: ReadAccess) => async (r: StorageRequest) =>
		sendObjectHead(r, await readableObject(ctx, r, access));

	const info = (access: ReadAccess) => async (r: StorageRequest) =>
		sendObjectInfo(r, await readableObject(ctx, r, access));

	const removeOne = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		assertValidBucketName(r.bucket);
		assertValidKey(r.key);
		const existing = await runAs(ctx.db, serviceCaller, r.info, (tx) =>
			findObject(tx, r.bucket, r.key)
		);
		if (!existing) throw storageErrors.noSuchKey();
		const [deleted] = await runAs(ctx.db, caller, r.info, (tx) =>
			deleteObjects(tx, r.bucket, [r.key])
		);
		if (!deleted) throw storageErrors.accessDenied();
		await ctx.blobs.remove({ bucket: r.bucket, key: r.key, version: deleted.version ?? '' });
		sendJson(r.res, 200, { message: 'Successfully deleted' });
	};

	const removeMany = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const { prefixes } = await readJson(r.req, removeBody);
		assertValidBucketName(r.bucket);
		const deleted = await runAs(ctx.db, caller, r.info, (tx) =>
			deleteObjects(tx, r.bucket, prefixes)
		);
		for (const row of deleted) await ctx.blobs.remove(blobOf(row));
		sendJson(r.res, 200, deleted.map(shownObject));
	};

	return [
		{
			method: 'GET',
			pattern: '/object/authenticated/:bucket/*',
			handle: download('authenticated')
		},
		{ method: 'GET', pattern: '/object/public/:bucket/*', handle: download('public') },
		{ method: 'HEAD', pattern: '/object/authenticated/:bucket/*', handle: head('authenticated') },
		{ method: 'HEAD', pattern: '/object/public/:bucket/*', handle: head('public') },
		{
			method: 'GET',
			pattern: '/object/info/authenticated/:bucket/*',
			handle: info('authenticated')
		},
		{ method: 'GET', pattern: '/object/info/public/:bucket/*', handle: info('public') },
		{ method: 'GET', pattern: '/object/info/:bucket/*', handle: info('tolerant') },
		{ method: 'POST', pattern: '/object/:bucket/*', handle: upload('header') },
		{ method: 'PUT', pattern: '/object/:bucket/*', handle: upload('always') },
		{ method: 'GET', pattern: '/object/:bucket/*', handle: download('tolerant') },
		{ method: 'HEAD', pattern: '/object/:bucket/*', handle: head('tolerant') },
		{ method: 'DELETE', pattern: '/object/:bucket/*', handle: removeOne },
		{ method: 'DELETE', pattern: '/object/:bucket', handle: removeMany }
	];
}
