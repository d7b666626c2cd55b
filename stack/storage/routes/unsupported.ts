// Storage features storage-js can reach that the local stack does not serve: each answers with a
// Storage's NotSupported error (409) naming the feature, never a wrong success.
import { storageErrors } from '../errors';
import type { StorageRoute } from '../router';

const unsupported = (
	feature: string,
	method: StorageRoute['method'],
	pattern: string
): StorageRoute => ({
	method,
	pattern,
	handle: async () => {
		throw storageErrors.notSupported(feature);
	}
});

const methods: StorageRoute['method'][] = [
	'GET',
	'HEAD',
	'POST',
	'PUT',
	'PATCH',
	'DELETE',
	'OPTIONS'
];
const everyMethod = (feature: string, pattern: string) =>
	methods.map((method) => unsupported(feature, method, pattern));

export const unsupportedRoutes: StorageRoute[] = [
	...everyMethod('signed resumable uploads (use a JWT)', '/upload/resumable/sign'),
	...everyMethod('signed resumable uploads (use a JWT)', '/upload/resumable/sign/*'),
	...everyMethod('the S3 protocol', '/s3/*'),
	...everyMethod('CDN cache purging', '/cdn/*'),
	...everyMethod('analytics (Iceberg) buckets', '/iceberg/*'),
	...everyMethod('vector buckets', '/vector/*')
];
