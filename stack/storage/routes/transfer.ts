// `POST /object/move` and `POST /object/copy`, within or across buckets. RLS is asked as the
// caller first (select and update of the source for a move; select of the source and insert of
// the destination for a copy), then the bytes get a fresh version and the row follows.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sendJson } from '../../http';
import { authenticate, serviceCaller } from '../auth';
import { blobOf } from '../blob-store';
import { storageErrors } from '../errors';
import { readJson } from '../json-body';
import { findObject, moveObjectRow } from '../object-queries';
import { assertValidBucketName, assertValidKey } from '../paths';
import type { StorageContext, StorageRequest, StorageRoute } from '../router';
import { runAs, testAs } from '../sql';
import type { ObjectRow } from '../types';
import { assertMayUpload, commitObject, userMetadataFromHeader } from '../upload';
import { shownObject } from './object';

const transferBody = z.object({
	bucketId: z.string(),
	sourceKey: z.string(),
	destinationKey: z.string(),
	destinationBucket: z.string().optional()
});

const copyBody = transferBody.extend({
	metadata: z.object({ cacheControl: z.string(), mimetype: z.string() }).partial().optional(),
	copyMetadata: z.boolean().optional()
});

/** The bucket a transfer goes to, once the names it involves are valid. */
function destinationBucket(body: z.infer<typeof transferBody>): string {
	const toBucket = body.destinationBucket || body.bucketId;
	assertValidBucketName(body.bucketId);
	assertValidBucketName(toBucket);
	assertValidKey(body.destinationKey);
	return toBucket;
}

export function transferRoutes(ctx: StorageContext): StorageRoute[] {
	const move = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const body = await readJson(r.req, transferBody);
		const toBucket = destinationBucket(body);
		const to = {
			bucket_id: toBucket,
			name: body.destinationKey,
			owner: caller.owner,
			version: randomUUID()
		};

		await testAs(ctx.db, caller, r.info, async (tx) => {
			if (!(await findObject(tx, body.bucketId, body.sourceKey))) throw storageErrors.noSuchKey();
			if (!(await moveObjectRow(tx, body.bucketId, body.sourceKey, to)))
				throw storageErrors.noSuchKey();
		});
		const source = await runAs(ctx.db, serviceCaller, r.info, (tx) =>
			findObject(tx, body.bucketId, body.sourceKey)
		);
		if (!source) throw storageErrors.noSuchKey();
		if (source.bucket_id === toBucket && source.name === body.destinationKey) {
			sendJson(r.res, 200, { message: 'Successfully moved', Id: source.id, Key: source.name });
			return;
		}

		const target = blobOf(to);
		await ctx.blobs.copy(blobOf(source), target);
		let moved: ObjectRow | undefined;
		try {
			moved = await runAs(ctx.db, serviceCaller, r.info, async (tx) => {
				if (!(await findObject(tx, body.bucketId, body.sourceKey, { lock: true })))
					throw storageErrors.noSuchKey();
				return moveObjectRow(tx, body.bucketId, body.sourceKey, {
					...to,
					metadata: source.metadata && {
						...source.metadata,
						lastModified: new Date().toISOString()
					}
				});
			});
		} catch (error) {
			await ctx.blobs.remove(target);
			throw error;
		}
		await ctx.blobs.remove(blobOf(source));
		sendJson(r.res, 200, { message: 'Successfully moved', Id: moved?.id, Key: moved?.name });
	};

	const copy = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const body = await readJson(r.req, copyBody);
		const toBucket = destinationBucket(body);
		const upsert = r.req.headers['x-upsert'] === 'true';

		const source = await runAs(ctx.db, caller, r.info, (tx) =>
			findObject(tx, body.bucketId, body.sourceKey)
		);
		if (!source) throw storageErrors.noSuchKey();
		const copyMetadata = body.copyMetadata ?? true;
		const metadata = {
			...source.metadata,
			...(!copyMetadata && body.metadata)
		};
		const draft = {
			bucket_id: toBucket,
			name: body.destinationKey,
			owner: caller.owner,
			version: randomUUID(),
			metadata,
			user_metadata: copyMetadata
				? source.user_metadata
				: (userMetadataFromHeader(r.req.headers['x-metadata']) ?? null)
		};
		await assertMayUpload(ctx, r, caller, draft, upsert);

		const target = blobOf(draft);
		await ctx.blobs.copy(blobOf(source), target);
		let committed;
		try {
			committed = await commitObject(
				ctx,
				r,
				{ ...draft, metadata: { ...metadata, lastModified: new Date().toISOString() } },
				upsert
			);
		} catch (error) {
			await ctx.blobs.remove(target);
			throw error;
		}
		if (committed.replaced) await ctx.blobs.remove({ ...target, version: committed.replaced });
		sendJson(r.res, 200, {
			Id: committed.row.id,
			Key: `${toBucket}/${body.destinationKey}`,
			...shownObject(committed.row)
		});
	};

	return [
		{ method: 'POST', pattern: '/object/move', handle: move },
		{ method: 'POST', pattern: '/object/copy', handle: copy }
	];
}
