// Signed URLs: creating download URLs (one or many) for objects the caller may read, serving them to
// anyone holding the token until it expires, and signed upload URLs that let a token holder upload
// one object the signer was allowed to write.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sendJson } from '../../http';
import { authenticate, serviceCaller } from '../auth';
import { findBucket } from '../bucket-queries';
import { storageErrors } from '../errors';
import { readJson } from '../json-body';
import { findObject, findObjectNames } from '../object-queries';
import { assertValidBucketName, assertValidKey } from '../paths';
import { sendObject } from '../render';
import type { StorageContext, StorageRequest, StorageRoute } from '../router';
import {
	signDownloadToken,
	signUploadToken,
	tokenParam,
	verifyToken,
	type DownloadRendition
} from '../signed-token';
import { runAs } from '../sql';
import { parseTransformOptions, transformationsClaim } from '../transform-options';
import { assertMayUpload, receiveUpload } from '../upload';

const expiresIn = z.number().int().min(1);

const signOneBody = z.object({
	expiresIn,
	transform: z.record(z.string(), z.unknown()).optional()
});

const signManyBody = z.object({ expiresIn, paths: z.array(z.string()).min(1).max(1000) });

export function signedRoutes(ctx: StorageContext): StorageRoute[] {
	/** The rendition a signed URL fixes in its token, when transformations are enabled. */
	const renditionOf = (transform: Record<string, unknown> | undefined): DownloadRendition => {
		const options = transform && parseTransformOptions((name) => transform[name], 'body/transform');
		if (!options || !ctx.imageTransformation) return {};
		return { transformations: transformationsClaim(options), format: options.format };
	};

	const signOne = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const body = await readJson(r.req, signOneBody);
		const rendition = renditionOf(body.transform);
		assertValidBucketName(r.bucket);
		assertValidKey(r.key);
		const object = await runAs(ctx.db, caller, r.info, (tx) => findObject(tx, r.bucket, r.key));
		if (!object) throw storageErrors.noSuchKey();
		const url = `${r.bucket}/${r.key}`;
		const token = await signDownloadToken(ctx.jwt, url, body.expiresIn, rendition);
		const route = rendition.transformations ? 'render/image' : 'object';
		sendJson(r.res, 200, { signedURL: `/${route}/sign/${url}?token=${token}` });
	};

	const signMany = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const body = await readJson(r.req, signManyBody);
		assertValidBucketName(r.bucket);
		const visible = await runAs(ctx.db, caller, r.info, (tx) =>
			findObjectNames(tx, r.bucket, body.paths)
		);
		const signed = await Promise.all(
			body.paths.map(async (path) => {
				if (!visible.has(path))
					return {
						error: 'Either the object does not exist or you do not have access to it',
						path,
						signedURL: null
					};
				const url = `${r.bucket}/${path}`;
				const token = await signDownloadToken(ctx.jwt, url, body.expiresIn);
				return { error: null, path, signedURL: `/object/sign/${url}?token=${token}` };
			})
		);
		sendJson(r.res, 200, signed);
	};

	const serveSigned = async (r: StorageRequest) => {
		const claims = await verifyToken(
			ctx.jwt,
			tokenParam(r.url),
			`${r.bucket}/${r.key}`,
			'download'
		);
		const object = await runAs(ctx.db, serviceCaller, r.info, (tx) =>
			findObject(tx, r.bucket, r.key)
		);
		if (!object) throw storageErrors.noSuchKey();
		await sendObject(ctx, r, object, {
			download: r.url.searchParams.get('download'),
			expires: new Date(claims.exp * 1000).toUTCString()
		});
	};

	const signUpload = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		assertValidBucketName(r.bucket);
		assertValidKey(r.key);
		const upsert = r.req.headers['x-upsert'] === 'true';
		const length = Number(r.req.headers['content-length']);
		await assertMayUpload(
			ctx,
			r,
			caller,
			{
				bucket_id: r.bucket,
				name: r.key,
				owner: caller.owner,
				version: randomUUID(),
				metadata: {
					mimetype: r.req.headers['content-type'],
					contentLength: Number.isFinite(length) ? length : undefined
				},
				user_metadata: null
			},
			upsert
		);
		const url = `${r.bucket}/${r.key}`;
		const token = await signUploadToken(ctx.jwt, { url, owner: caller.owner, upsert });
		sendJson(r.res, 200, { url: `/object/upload/sign/${url}?token=${token}`, token });
	};

	const uploadSigned = async (r: StorageRequest) => {
		const claims = await verifyToken(ctx.jwt, tokenParam(r.url), `${r.bucket}/${r.key}`, 'upload');
		assertValidBucketName(r.bucket);
		const bucket = await runAs(ctx.db, serviceCaller, r.info, (tx) => findBucket(tx, r.bucket));
		if (!bucket) throw storageErrors.noSuchBucket();
		await receiveUpload(ctx, r, {
			bucket,
			key: r.key,
			owner: claims.owner,
			upsert: claims.upsert,
			caller: undefined
		});
		sendJson(r.res, 200, { Key: `${bucket.id}/${r.key}` });
	};

	return [
		{ method: 'POST', pattern: '/object/sign/:bucket', handle: signMany },
		{ method: 'POST', pattern: '/object/sign/:bucket/*', handle: signOne },
		{ method: 'GET', pattern: '/object/sign/:bucket/*', handle: serveSigned },
		{ method: 'POST', pattern: '/object/upload/sign/:bucket/*', handle: signUpload },
		{ method: 'PUT', pattern: '/object/upload/sign/:bucket/*', handle: uploadSigned }
	];
}
