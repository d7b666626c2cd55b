// Dispatches `/storage/v1/*` requests to handlers by method and path pattern, and answers every
// failure with Storage's error body. Static path segments are listed before parameters, as
// Storage's router prefers them (`/object/list/:bucket` wins over `/object/:bucket/*`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import type { Database } from '../db';
import { sendJson, type RouteRequest } from '../http';
import type { JwtCodec } from '../keys';
import type { BlobStore } from './blob-store';
import { StorageError, storageErrors } from './errors';
import { decodePath } from './paths';
import type { RequestInfo } from './sql';

export interface StorageContext {
	db: Database;
	jwt: JwtCodec;
	blobs: BlobStore;
	/** The project's `storage.file_size_limit`, in bytes. */
	globalFileSizeLimit: number;
	/** `[storage.image_transformation] enabled`: whether `/render/image` and transform URLs work. */
	imageTransformation: boolean;
	log: (line: string) => void;
}

export interface StorageRequest {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	/** `:bucket`, decoded. */
	bucket: string;
	/** The `*` rest of the path (an object key), decoded. */
	key: string;
	info: RequestInfo;
}

export interface StorageRoute {
	method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
	/** e.g. `/object/:bucket/*`; `*` takes the rest of the path (possibly empty). */
	pattern: string;
	handle: (request: StorageRequest) => Promise<void>;
}

interface Match {
	bucket: string;
	key: string;
}

function match(pattern: string, path: string): Match | undefined {
	const want = pattern.split('/');
	const have = path.split('/');
	const rest = want[want.length - 1] === '*';
	if (rest ? have.length < want.length : have.length !== want.length) return undefined;
	const found: Match = { bucket: '', key: '' };
	for (let i = 0; i < want.length; i++) {
		if (want[i] === '*') {
			found.key = decodePath(have.slice(i).join('/'));
		} else if (want[i] === ':bucket') {
			if (have[i] === '') return undefined;
			found.bucket = decodePath(have[i]);
		} else if (want[i] !== have[i]) {
			return undefined;
		}
	}
	return found;
}

/** Reads and drops what is left of a request body, so the answer reaches a client still sending. */
async function drain(req: IncomingMessage): Promise<void> {
	if (req.complete || req.destroyed) return;
	req.unpipe();
	req.resume();
	await finished(req).catch(() => {});
}

const internalErrorBody = {
	statusCode: '500',
	code: 'InternalError',
	error: 'Internal',
	message: 'Internal Server Error'
};

export function createRouter(
	routes: StorageRoute[],
	log: (line: string) => void
): (request: RouteRequest) => Promise<void> {
	return async ({ req, res, url, path }) => {
		const method = req.method ?? 'GET';
		try {
			for (const route of routes) {
				if (route.method !== method) continue;
				const found = match(route.pattern, path);
				if (!found) continue;
				await route.handle({
					req,
					res,
					url,
					...found,
					info: { method, path: url.pathname }
				});
				return;
			}
			throw storageErrors.routeNotFound(method, path);
		} catch (error) {
			await drain(req);
			if (res.headersSent) {
				res.destroy();
				return;
			}
			if (error instanceof StorageError) {
				sendJson(res, error.httpStatus, error.body, {
					...(error.body.code === 'NoSuchKey' && { 'cache-control': 'no-store' })
				});
				return;
			}
			log(`storage: ${method} ${url.pathname} failed: ${(error as Error)?.stack ?? error}`);
			sendJson(res, 500, internalErrorBody);
		}
	};
}
