// Answers with an object: its bytes (with ranges and revalidation), a transformed rendition of
// it, only its headers (HEAD), or its info as JSON. Headers follow Storage's renderer, plus what the project's security rules
// ask of every download: a `Content-Disposition` and `X-Content-Type-Options: nosniff`.
import type { OutgoingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sendJson } from '../http';
import { blobOf, type ByteRange } from './blob-store';
import { storageErrors } from './errors';
import type { TransformedImage } from './image-transform';
import type { StorageContext, StorageRequest } from './router';
import type { ObjectRow } from './types';

interface Described {
	mimetype: string;
	cacheControl: string;
	eTag: string | undefined;
	lastModified: Date | undefined;
	size: number;
}

function describe(object: ObjectRow): Described {
	const metadata = object.metadata;
	const lastModified = metadata?.lastModified ? new Date(metadata.lastModified) : undefined;
	return {
		mimetype: metadata?.mimetype ?? 'application/octet-stream',
		cacheControl: metadata?.cacheControl ?? 'no-cache',
		eTag: metadata?.eTag,
		lastModified: lastModified && !Number.isNaN(lastModified.getTime()) ? lastModified : undefined,
		size: metadata?.size ?? 0
	};
}

// Storage never serves HTML as HTML from a bucket.
const servedType = (mimetype: string) => (mimetype.includes('text/html') ? 'text/plain' : mimetype);

const asciiFallback = (name: string) => name.replace(/[^\x20-\x7e]|["\\]/g, '_');

/** `attachment` when a download is asked (named by it, or by the object), `inline` otherwise. */
function contentDisposition(key: string, download: string | null): string {
	const name = download || key.split('/').pop() || key;
	const kind = download === null ? 'inline' : 'attachment';
	return `${kind}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function parseRange(header: string, size: number): ByteRange {
	const match = /^bytes=(\d*)-(\d*)$/.exec(header);
	if (!match || size <= 0 || (!match[1] && !match[2])) throw storageErrors.invalidRange();
	if (!match[1]) {
		const suffix = Number(match[2]);
		if (suffix <= 0) throw storageErrors.invalidRange();
		return { start: Math.max(size - suffix, 0), end: size - 1 };
	}
	const start = Number(match[1]);
	const end = match[2] ? Number(match[2]) : size - 1;
	if (end < start || start >= size) throw storageErrors.invalidRange();
	return { start, end: Math.min(end, size - 1) };
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function notModified(r: StorageRequest, object: Described): boolean {
	const ifNoneMatch = r.req.headers['if-none-match'];
	if (ifNoneMatch !== undefined) {
		return ifNoneMatch
			.split(',')
			.map((tag) => tag.trim().replace(/^W\//, ''))
			.some((tag) => tag === '*' || tag === object.eTag);
	}
	const ifModifiedSince = r.req.headers['if-modified-since'];
	if (ifModifiedSince === undefined || !object.lastModified) return false;
	const since = new Date(ifModifiedSince);
	return !Number.isNaN(since.getTime()) && seconds(object.lastModified) <= seconds(since);
}

function cacheHeaders(object: Described, expires: string | undefined): OutgoingHttpHeaders {
	return {
		...(object.eTag && { etag: object.eTag }),
		...(object.lastModified && { 'last-modified': object.lastModified.toUTCString() }),
		// A signed URL's answer may be kept only until the URL expires.
		...(expires ? { expires } : { 'cache-control': object.cacheControl })
	};
}

export interface SendOptions {
	/** The `download` query parameter: null when absent, `''` to use the object's own name. */
	download: string | null;
	/** For signed URLs: when the URL stops working. */
	expires?: string;
}

export async function sendObject(
	ctx: StorageContext,
	r: StorageRequest,
	object: ObjectRow,
	options: SendOptions
): Promise<void> {
	const described = describe(object);
	const headers: OutgoingHttpHeaders = {
		...cacheHeaders(described, options.expires),
		'content-type': servedType(described.mimetype),
		'content-disposition': contentDisposition(object.name, options.download),
		'x-content-type-options': 'nosniff',
		'accept-ranges': 'bytes',
		'x-robots-tag': 'none'
	};
	if (notModified(r, described)) {
		r.res.writeHead(304, headers);
		r.res.end();
		return;
	}
	const rangeHeader = r.req.headers.range;
	const range = rangeHeader ? parseRange(rangeHeader, described.size) : undefined;
	const bytes = await ctx.blobs.read(blobOf(object), range);
	if (!bytes) throw storageErrors.missingBytes();
	const length = range ? range.end - range.start + 1 : described.size;
	r.res.writeHead(range ? 206 : 200, {
		...headers,
		'content-length': length,
		...(range && { 'content-range': `bytes ${range.start}-${range.end}/${described.size}` })
	});
	await pipeline(bytes, r.res);
}

export interface RenditionOptions extends SendOptions {
	/** The `X-Transformations` header: what was done, in imgproxy's words. */
	transformations: string;
}

/**
 * A transformed image, with the headers Storage's image renderer sends: the source object's ETag
 * and cache rules, the operations applied, and `Vary: Accept` since WebP goes to clients taking it.
 */
export function sendRendition(
	r: StorageRequest,
	object: ObjectRow,
	image: TransformedImage,
	options: RenditionOptions
): void {
	const described = describe(object);
	r.res.writeHead(200, {
		...cacheHeaders(described, options.expires),
		'content-type': image.mimetype,
		'content-length': image.bytes.byteLength,
		'content-disposition': contentDisposition(object.name, options.download),
		'x-content-type-options': 'nosniff',
		'accept-ranges': 'bytes',
		'x-robots-tag': 'none',
		vary: 'Accept',
		...(options.transformations && { 'x-transformations': options.transformations })
	});
	r.res.end(image.bytes);
}

/** `HEAD` on an object (what storage-js `exists` asks): its headers, from the row alone. */
export function sendObjectHead(r: StorageRequest, object: ObjectRow): void {
	const described = describe(object);
	r.res.writeHead(200, {
		...cacheHeaders(described, undefined),
		'content-type': servedType(described.mimetype),
		'content-length': described.size,
		'x-content-type-options': 'nosniff',
		'accept-ranges': 'bytes'
	});
	r.res.end();
}

/** `GET /object/info/…`: what storage-js `info` turns into camelCase. */
export function sendObjectInfo(r: StorageRequest, object: ObjectRow): void {
	const described = describe(object);
	sendJson(
		r.res,
		200,
		{
			id: object.id,
			name: object.name,
			version: object.version,
			bucket_id: object.bucket_id,
			size: object.metadata?.size ?? null,
			content_type: object.metadata?.mimetype ?? null,
			cache_control: object.metadata?.cacheControl ?? null,
			etag: object.metadata?.eTag ?? null,
			metadata: object.user_metadata,
			last_modified: object.updated_at,
			created_at: object.created_at
		},
		cacheHeaders(described, undefined)
	);
}
