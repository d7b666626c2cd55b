// Resumable uploads (TUS 1.0.0) at `/upload/resumable`, as Storage serves them through @tus/server:
// creation (also with data, or with a deferred length), HEAD for the offset, PATCH chunks,
// termination and expiry. `Upload-Metadata` names the object (`bucketName`, `objectName`,
// `contentType`, `cacheControl`, user `metadata`); `x-upsert` allows overwriting. Every POST,
// PATCH and DELETE asks RLS as the caller whether the object may be written, the bucket's size
// and type limits hold while bytes arrive, and the object row (with the bytes moved into the blob
// store) appears only once the last byte is in. Unfinished uploads expire after an hour, as in
// Storage.
import type { Server, ServerOptions, Upload } from '@tus/server';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { authenticate, serviceCaller, type Caller } from './auth';
import { findBucket } from './bucket-queries';
import { StorageError, storageErrors } from './errors';
import { assertAllowedMimeType, uploadLimit } from './limits';
import type { NewObject } from './object-queries';
import { assertValidBucketName, assertValidKey } from './paths';
import type { StorageContext, StorageRequest } from './router';
import { runAs } from './sql';
import type { BucketRow } from './types';
import { assertMayUpload, storeUpload } from './upload';

/** Where the stack serves TUS, as the gateway exposes Storage's `/upload/resumable`. */
const tusPath = '/storage/v1/upload/resumable';
/** Storage's `TUS_URL_EXPIRY_MS`: an unfinished upload is kept for an hour from its creation. */
const uploadExpiryMs = 60 * 60 * 1000;
const sweepIntervalMs = 10 * 60 * 1000;

/** The object an upload becomes, read from its `Upload-Metadata`. */
interface Target {
	bucket: BucketRow;
	key: string;
	mimeType: string;
	cacheControl: string;
	userMetadata: Record<string, unknown> | undefined;
}

/** What the stack knows about a request @tus/server is handling. */
interface Pending {
	request: StorageRequest;
	/** Undefined only for OPTIONS, which asks what the server supports and needs no JWT. */
	caller: Caller | undefined;
	upsert: boolean;
	target?: Target;
}

export interface ResumableUploads {
	handle(r: StorageRequest): Promise<void>;
	close(): Promise<void>;
}

/** The request object @tus/server hands its hooks (a web Request over Node's). */
type TusRequest = Parameters<NonNullable<ServerOptions['onIncomingRequest']>>[0];

const cacheControlOf = (value: string | null | undefined) =>
	/^-?\d+$/.test(value ?? '') ? `max-age=${value}` : 'no-cache';

function userMetadataOf(json: string | null | undefined): Record<string, unknown> | undefined {
	if (!json) return undefined;
	try {
		const value: unknown = JSON.parse(json);
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The TUS error a Storage error becomes: Storage's status and message, as plain text. */
const tusError = (error: StorageError) => ({ status_code: error.statusCode, body: error.message });

interface Running {
	server: Server;
	stop(): Promise<void>;
}

/** The TUS server and its staging folder; loaded on the first resumable request. */
async function startTus(
	ctx: StorageContext,
	dataDir: string | undefined,
	pending: WeakMap<object, Pending>
): Promise<Running> {
	const [{ FileStore }, { EVENTS, Server }] = await Promise.all([
		import('@tus/file-store'),
		import('@tus/server')
	]);

	/**
	 * @tus/server's file store, answering a body cut off at the size limit with the limit's 413
	 * rather than its own "could not write" 500.
	 */
	class StagingStore extends FileStore {
		override async write(readable: Readable, id: string, offset: number): Promise<number> {
			let cause: unknown;
			readable.once('error', (error) => (cause = error));
			try {
				return await super.write(readable, id, offset);
			} catch (error) {
				throw cause ?? error;
			}
		}
	}

	// Kept beside the data folder, unfinished uploads survive a restart; in memory, a temp folder.
	const directory = dataDir
		? join(dataDir, 'resumable')
		: await mkdtemp(join(tmpdir(), 'stack-resumable-'));
	await mkdir(directory, { recursive: true });
	const store = new StagingStore({ directory, expirationPeriodInMilliseconds: uploadExpiryMs });
	const discardStaged = (id: string) => store.remove(id).catch(() => {});

	const pendingOf = (req: TusRequest): Pending => {
		const node = req.runtime?.node?.req;
		const found = node && pending.get(node);
		if (!found) throw storageErrors.internal();
		return found;
	};

	const targetFrom = async (
		r: StorageRequest,
		metadata: Upload['metadata'] | undefined
	): Promise<Target> => {
		if (!metadata) throw storageErrors.invalidRequest('Metadata header is required');
		const bucketName = metadata.bucketName ?? '';
		const key = metadata.objectName ?? '';
		assertValidBucketName(bucketName);
		assertValidKey(key);
		const bucket = await runAs(ctx.db, serviceCaller, r.info, (tx) => findBucket(tx, bucketName));
		if (!bucket) throw storageErrors.noSuchBucket();
		return {
			bucket,
			key,
			mimeType: metadata.contentType || 'application/octet-stream',
			cacheControl: cacheControlOf(metadata.cacheControl),
			userMetadata: userMetadataOf(metadata.metadata)
		};
	};

	const draftOf = (p: Pending, target: Target, version: string, size?: number): NewObject => ({
		bucket_id: target.bucket.id,
		name: target.key,
		owner: p.caller?.owner,
		version,
		metadata: { mimetype: target.mimeType, contentLength: size },
		user_metadata: target.userMetadata ?? {}
	});

	/** Storage's `canUpload` for this request's caller, on the object the upload becomes. */
	const assertCallerMayWrite = (p: Pending, target: Target, version: string, size?: number) => {
		if (!p.caller) throw storageErrors.internal();
		return assertMayUpload(ctx, p.request, p.caller, draftOf(p, target, version, size), p.upsert);
	};

	const assertAllowedType = ({ bucket, mimeType }: Target) => {
		if (bucket.allowed_mime_types?.length)
			assertAllowedMimeType(mimeType, bucket.allowed_mime_types);
	};

	/** Moves the finished bytes into the blob store and writes the object row. */
	const complete = async (p: Pending, upload: Upload, target: Target) => {
		// The bucket's rules and the caller's rights as they are now, not as they were at creation.
		assertAllowedType(target);
		await assertCallerMayWrite(p, target, upload.id, upload.size);
		const limit = uploadLimit(target.bucket, ctx.globalFileSizeLimit, target.key);
		const blob = await ctx.blobs.write(store.read(upload.id), limit);
		await storeUpload(ctx, p.request, draftOf(p, target, upload.id), blob, target, p.upsert);
	};

	const server = new Server({
		path: tusPath,
		datastore: store,
		disableTerminationForFinishedUploads: true,
		namingFunction: async (req, metadata) => {
			const p = pendingOf(req);
			p.target = await targetFrom(p.request, metadata ?? undefined);
			// The id becomes the object's version once the upload completes.
			return randomUUID();
		},
		// Before an upload names its bucket (OPTIONS), the project's limit applies.
		maxSize: (req) => {
			const { target } = pendingOf(req);
			return target
				? uploadLimit(target.bucket, ctx.globalFileSizeLimit, target.key)
				: ctx.globalFileSizeLimit;
		},
		onIncomingRequest: async (req, id) => {
			const p = pendingOf(req);
			if (req.method === 'HEAD') return;
			if (req.method === 'POST') {
				if (!p.target) throw storageErrors.invalidRequest('Metadata header is required');
				// A deferred length is not known yet.
				const length = req.headers.get('upload-length');
				await assertCallerMayWrite(p, p.target, id, length === null ? undefined : Number(length));
				return;
			}
			const upload = await store.getUpload(id);
			p.target = await targetFrom(p.request, upload.metadata);
			await assertCallerMayWrite(p, p.target, id, upload.size);
		},
		onUploadCreate: async (req, upload) => {
			const { target } = pendingOf(req);
			if (target) assertAllowedType(target);
			return { metadata: upload.metadata };
		},
		onUploadFinish: async (req, upload) => {
			const p = pendingOf(req);
			try {
				if (!p.target) throw storageErrors.internal();
				await complete(p, upload, p.target);
			} catch (error) {
				// A refused completion can never succeed: the staged bytes are no one's upload.
				await discardStaged(upload.id);
				throw error;
			}
			// A PATCH is done with the upload here; a POST still reads it back to answer (below).
			if (req.method === 'PATCH') await discardStaged(upload.id);
			return { headers: { 'Tus-Complete': '1' } };
		},
		onResponseError: (req, error) => {
			if (error instanceof StorageError) return tusError(error);
			// @tus/server's own errors (some of them Error instances) already carry their answer.
			if ('status_code' in error) return undefined;
			if (error instanceof Error) {
				ctx.log(`storage: resumable ${req.method} failed: ${error.stack ?? error.message}`);
				return tusError(storageErrors.internal());
			}
			return undefined;
		}
	});

	server.on(EVENTS.POST_FINISH, (req: TusRequest, _res: Response, upload: Upload) => {
		if (req.method === 'POST') void discardStaged(upload.id);
	});

	const sweep = () =>
		server
			.cleanUpExpiredUploads()
			.catch((error: Error) =>
				ctx.log(`storage: removing expired uploads failed: ${error.message}`)
			);
	await sweep();
	const sweeper = setInterval(sweep, sweepIntervalMs);
	sweeper.unref();

	return {
		server,
		async stop() {
			clearInterval(sweeper);
			if (!dataDir) await rm(directory, { recursive: true, force: true });
		}
	};
}

export function createResumableUploads(
	ctx: StorageContext,
	dataDir: string | undefined
): ResumableUploads {
	// Keyed by Node's request, which @tus/server's request wraps.
	const pending = new WeakMap<object, Pending>();
	let running: Promise<Running> | undefined;
	const started = () =>
		(running ??= startTus(ctx, dataDir, pending).catch((error: unknown) => {
			running = undefined;
			throw error;
		}));

	return {
		async handle(r) {
			// OPTIONS asks what the server supports; everything else needs a valid JWT, as in Storage.
			const caller = r.req.method === 'OPTIONS' ? undefined : await authenticate(r.req, ctx.jwt);
			const { server } = await started();
			pending.set(r.req, {
				request: r,
				caller,
				upsert: r.req.headers['x-upsert'] === 'true'
			});
			await server.handle(r.req, r.res);
		},
		async close() {
			await running?.then(
				(tus) => tus.stop(),
				() => {}
			);
		}
	};
}
