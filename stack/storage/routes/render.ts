// `GET /render/image/{authenticated,public,sign}/<bucket>/<path>`: an object resized and re-encoded
// on the way out, what storage-js `download`, `getPublicUrl` and `createSignedUrl` ask for when
// given `transform`. Who may read it is decided exactly as for the plain download; a signed URL
// carries its transformations inside the token, so changing the query string changes nothing.
import { buffer } from 'node:stream/consumers';
import { serviceCaller } from '../auth';
import { blobOf } from '../blob-store';
import { storageErrors } from '../errors';
import { acceptsWebp, sourceLimits, sourceTooLarge, transformImage } from '../image-transform';
import { findObject } from '../object-queries';
import { readableObject, type ReadAccess } from '../read-object';
import { sendRendition, type SendOptions } from '../render';
import { RenditionCache } from '../rendition-cache';
import type { StorageContext, StorageRequest, StorageRoute } from '../router';
import { tokenParam, verifyToken } from '../signed-token';
import { runAs } from '../sql';
import {
	describeTransformations,
	optionsFromClaims,
	transformationsClaim,
	transformOptionsFromQuery,
	type TransformOptions
} from '../transform-options';
import type { ObjectRow } from '../types';

export function renderRoutes(ctx: StorageContext): StorageRoute[] {
	// Without `[storage.image_transformation] enabled`, Storage registers no render routes at all.
	if (!ctx.imageTransformation) return [];
	const cache = new RenditionCache();

	const sourceOf = async (object: ObjectRow): Promise<Buffer> => {
		if ((object.metadata?.size ?? 0) > sourceLimits.bytes) throw sourceTooLarge();
		const bytes = await ctx.blobs.read(blobOf(object));
		if (!bytes) throw storageErrors.missingBytes();
		return buffer(bytes);
	};

	const render = async (
		r: StorageRequest,
		object: ObjectRow,
		options: TransformOptions,
		send: SendOptions
	) => {
		// The client's Accept header matters only when no format was asked for.
		const webp = options.format === undefined && acceptsWebp(r.req.headers.accept);
		// Rows written without a version (by SQL) still change their ETag and time when replaced.
		const key = [
			object.bucket_id,
			object.name,
			object.version,
			object.metadata?.eTag,
			object.updated_at,
			transformationsClaim(options),
			options.format ?? '',
			webp
		].join('\0');
		const image = await cache.get(key, async () =>
			transformImage(await sourceOf(object), options, webp)
		);
		sendRendition(r, object, image, {
			...send,
			transformations: describeTransformations(options)
		});
	};

	const renderReadable = (access: ReadAccess) => async (r: StorageRequest) => {
		const options = transformOptionsFromQuery(r.url.searchParams);
		const object = await readableObject(ctx, r, access);
		await render(r, object, options, { download: r.url.searchParams.get('download') });
	};

	const renderSigned = async (r: StorageRequest) => {
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
		await render(r, object, optionsFromClaims(claims.transformations ?? '', claims.format), {
			download: r.url.searchParams.get('download'),
			expires: new Date(claims.exp * 1000).toUTCString()
		});
	};

	// Storage's router answers HEAD wherever it answers GET; Node sends no body for HEAD.
	return (['GET', 'HEAD'] as const).flatMap((method): StorageRoute[] => [
		{
			method,
			pattern: '/render/image/authenticated/:bucket/*',
			handle: renderReadable('authenticated')
		},
		{ method, pattern: '/render/image/public/:bucket/*', handle: renderReadable('public') },
		{ method, pattern: '/render/image/sign/:bucket/*', handle: renderSigned }
	]);
}
