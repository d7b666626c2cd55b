// The object row a read may see, as Storage decides it for downloads and renders alike: public
// routes need a public bucket; tolerant routes serve public buckets without a valid JWT; private
// buckets ask RLS as the caller.
import { authenticate, serviceCaller, type Caller } from './auth';
import { findBucket } from './bucket-queries';
import { storageErrors } from './errors';
import { findObject } from './object-queries';
import { assertValidBucketName, assertValidKey } from './paths';
import type { StorageContext, StorageRequest } from './router';
import { runAs, useScope } from './sql';
import type { ObjectRow } from './types';

export type ReadAccess = 'authenticated' | 'tolerant' | 'public';

export async function readableObject(
	ctx: StorageContext,
	r: StorageRequest,
	access: ReadAccess
): Promise<ObjectRow> {
	assertValidBucketName(r.bucket);
	const caller: Caller =
		access === 'public'
			? serviceCaller
			: await authenticate(r.req, ctx.jwt, { allowInvalid: access === 'tolerant' });
	assertValidKey(r.key);
	// One transaction: the bucket is looked up past RLS, then the object as its reader.
	const object = await runAs(ctx.db, serviceCaller, r.info, async (tx) => {
		const bucket = await findBucket(tx, r.bucket);
		if (!bucket || (!bucket.public && (access === 'public' || !caller.authenticated)))
			throw storageErrors.noSuchBucket();
		if (!bucket.public) await useScope(tx, caller, r.info);
		return findObject(tx, r.bucket, r.key);
	});
	if (!object) throw storageErrors.noSuchKey();
	return object;
}
