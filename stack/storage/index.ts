// The Storage API (`/storage/v1`) as storage-js uses it: buckets, objects, signed URLs, image
// transformations, list-v2 and resumable uploads, with RLS on
// `storage.objects`/`storage.buckets` deciding and bytes kept under the data folder (or in memory).
import type { ServiceModule } from '../http';
import type { BlobStore } from './blob-store';
import { applyConfigBuckets } from './config-buckets';
import { createDiskBlobStore } from './disk-blob-store';
import { createMemoryBlobStore } from './memory-blob-store';
import { createResumableUploads } from './resumable';
import { createRouter, type StorageContext } from './router';
import { bucketRoutes } from './routes/bucket';
import { listRoutes } from './routes/list';
import { objectRoutes } from './routes/object';
import { renderRoutes } from './routes/render';
import { resumableRoutes } from './routes/resumable';
import { signedRoutes } from './routes/signed';
import { transferRoutes } from './routes/transfer';
import { unsupportedRoutes } from './routes/unsupported';

export { BucketConfigError } from './config-buckets';

export const storageService: ServiceModule = {
	name: 'storage',
	schemaFiles: [new URL('./schema.sql', import.meta.url)],
	async create(stack) {
		const blobs: BlobStore = stack.dataDir
			? await createDiskBlobStore(stack.dataDir)
			: createMemoryBlobStore();
		await applyConfigBuckets(stack.db, blobs, stack.workdir, stack.config.storage);
		const ctx: StorageContext = {
			db: stack.db,
			jwt: stack.jwt,
			blobs,
			globalFileSizeLimit: stack.config.storage.file_size_limit,
			imageTransformation: stack.config.storage.image_transformation.enabled,
			log: stack.log
		};
		const resumable = createResumableUploads(ctx, stack.dataDir);
		// Static path segments first: they win over `:bucket` as in Storage's router.
		const routes = [
			...bucketRoutes(ctx),
			...listRoutes(ctx),
			...transferRoutes(ctx),
			...signedRoutes(ctx),
			...renderRoutes(ctx),
			...unsupportedRoutes,
			...resumableRoutes(resumable),
			...objectRoutes(ctx)
		];
		return {
			name: 'storage',
			routes: [
				{
					prefix: '/storage/v1',
					// Supabase's gateway leaves storage open: public and signed URLs need no key.
					keyPolicy: () => 'optional',
					handle: createRouter(routes, stack.log)
				}
			],
			close: resumable.close
		};
	}
};
