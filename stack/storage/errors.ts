// Storage's errors as values: a code, the status Storage reports in the body, and the HTTP status
// it answers with. Storage answers most client errors with HTTP 400 and puts the "real" status
// (404, 409, 413, 415, …) in the body's `statusCode` string; storage-js reports both.
import { isPostgresError } from '../db';

export type StorageErrorCode =
	| 'NoSuchBucket'
	| 'NoSuchKey'
	| 'InvalidJWT'
	| 'InvalidRequest'
	| 'EntityTooLarge'
	| 'InternalError'
	| 'ResourceAlreadyExists'
	| 'ResourceNotEmpty'
	| 'InvalidBucketName'
	| 'InvalidKey'
	| 'InvalidRange'
	| 'InvalidMimeType'
	| 'KeyAlreadyExists'
	| 'BucketAlreadyExists'
	| 'DatabaseTimeout'
	| 'InvalidSignature'
	| 'AccessDenied'
	| 'ResourceReferenced'
	| 'DatabaseError'
	| 'InvalidParameter'
	| 'NotSupported';

export interface StorageErrorBody {
	statusCode: string;
	code: StorageErrorCode;
	error: string;
	message: string;
}

export class StorageError extends Error {
	name = 'StorageError';
	constructor(
		readonly code: StorageErrorCode,
		/** The status Storage puts in the body. */
		readonly statusCode: number,
		message: string,
		/** The legacy `error` field; the code when Storage gives none. */
		readonly error: string = code,
		/** The HTTP status: Storage answers 400 for every client error unless it says otherwise. */
		readonly httpStatus: number = statusCode >= 500 ? statusCode : 400
	) {
		super(message);
	}

	get body(): StorageErrorBody {
		return {
			statusCode: String(this.statusCode),
			code: this.code,
			error: this.error,
			message: this.message
		};
	}
}

export const storageErrors = {
	noSuchBucket: () => new StorageError('NoSuchBucket', 404, 'Bucket not found', 'Bucket not found'),
	noSuchKey: () => new StorageError('NoSuchKey', 404, 'Object not found', 'not_found'),
	/** The row exists but its bytes are gone (e.g. a data folder deleted by hand). */
	missingBytes: () => new StorageError('NoSuchKey', 404, 'The resource was not found', 'Not found'),
	invalidJwt: (message: string) => new StorageError('InvalidJWT', 400, message),
	accessDenied: (message = 'Access denied', httpStatus?: number) =>
		new StorageError('AccessDenied', 403, message, 'Unauthorized', httpStatus),
	alreadyExists: (code: 'ResourceAlreadyExists' | 'KeyAlreadyExists' | 'BucketAlreadyExists') =>
		new StorageError(code, 409, 'The resource already exists', 'Duplicate'),
	bucketNotEmpty: () =>
		new StorageError('ResourceNotEmpty', 409, 'The bucket you tried to delete is not empty'),
	entityTooLarge: (entity = 'object') =>
		new StorageError(
			'EntityTooLarge',
			413,
			`The ${entity} exceeded the maximum allowed size`,
			'Payload too large'
		),
	invalidMimeType: (mimeType: string) =>
		new StorageError(
			'InvalidMimeType',
			415,
			`mime type ${mimeType} is not supported`,
			'invalid_mime_type'
		),
	invalidBucketName: () =>
		new StorageError('InvalidBucketName', 400, 'Bucket name invalid', 'Invalid Input'),
	invalidKey: (key: string) => new StorageError('InvalidKey', 400, `Invalid key: ${key}`),
	invalidFileSizeLimit: () =>
		new StorageError(
			'InvalidRequest',
			400,
			'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B'
		),
	invalidRequest: (message: string) =>
		new StorageError('InvalidRequest', 400, message, 'Bad Request'),
	invalidParameter: (name: string) =>
		new StorageError('InvalidParameter', 400, `Invalid Parameter ${name}`),
	noContent: () => new StorageError('InvalidRequest', 400, 'No content provided'),
	invalidSignature: (message = 'Invalid signature') =>
		new StorageError('InvalidSignature', 400, message),
	/** What Storage answers when imgproxy refuses a source image (its `ImageProcessingError`). */
	imageProcessing: (message: string) =>
		new StorageError('InvalidRequest', 400, message, 'InvalidRequest'),
	invalidRange: () =>
		new StorageError('InvalidRange', 416, 'invalid range provided', 'invalid_range', 416),
	routeNotFound: (method: string, path: string) =>
		new StorageError('InvalidRequest', 404, `Route ${method}:${path} not found`, 'Not Found', 404),
	/** Storage's own answer for a feature a project has not enabled (409), naming what is missing. */
	notSupported: (what: string) =>
		new StorageError(
			'NotSupported',
			409,
			`The local stack does not support ${what}; use hosted Supabase for it`
		),
	internal: () => new StorageError('InternalError', 500, 'Internal server error', 'Internal')
};

/** Storage's reading of a database error (its `DBError.fromDBError`), so RLS denials look alike. */
export function fromDatabaseError(error: unknown): unknown {
	if (!isPostgresError(error)) return error;
	switch (error.code) {
		case '42501':
			return storageErrors.accessDenied(
				error.message.includes('row-level security')
					? 'new row violates row-level security policy'
					: error.message
			);
		case '23505':
			return storageErrors.alreadyExists('ResourceAlreadyExists');
		case '23503':
			return error.detail?.includes('is still referenced from table')
				? new StorageError(
						'ResourceReferenced',
						409,
						'The resource could not be updated or removed due to a foreign key constraint'
					)
				: new StorageError('InvalidRequest', 404, 'The related resource does not exist');
		case '57014':
			return new StorageError(
				'DatabaseTimeout',
				544,
				'The connection to the database timed out',
				'DatabaseTimeout',
				544
			);
		case '22P02':
			return new StorageError('InvalidParameter', 400, error.message);
		default:
			return new StorageError('DatabaseError', 500, `database error, code: ${error.code}`);
	}
}
