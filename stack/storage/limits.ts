// Upload limits as Storage applies them: the smaller of the bucket's `file_size_limit` and the
// project's `storage.file_size_limit`, and the bucket's `allowed_mime_types` (`image/*` allowed,
// parameters and case ignored).
import { storageErrors } from './errors';
import type { BucketRow } from './types';

/** Storage keeps empty "folders" as zero-byte placeholder objects, exempt from MIME rules. */
export const isFolderPlaceholder = (key: string) => key.endsWith('.emptyFolderPlaceholder');

export function uploadLimit(
	bucket: Pick<BucketRow, 'file_size_limit'>,
	globalLimit: number,
	key: string
): number {
	if (isFolderPlaceholder(key)) return 0;
	return bucket.file_size_limit === null
		? globalLimit
		: Math.min(bucket.file_size_limit, globalLimit);
}

const sizeUnits: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9 };

/**
 * Bytes in a bucket's `file_size_limit` as the bucket API takes it: a number of bytes or a string
 * like `"20MB"` (decimal units, as Storage reads them). More than the project allows is refused.
 */
export function parseBucketSizeLimit(value: number | string, globalLimit: number): number {
	let bytes: number;
	if (typeof value === 'number') {
		bytes = value;
	} else {
		const match = /^(\d+(?:\.\d+)?)(gb|mb|kb|b)$/i.exec(value);
		if (!match) throw storageErrors.invalidFileSizeLimit();
		bytes = Math.round(Number(match[1]) * sizeUnits[match[2].toLowerCase()]);
	}
	if (bytes > globalLimit) throw storageErrors.entityTooLarge();
	return bytes;
}

const mimePattern = /^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/;

/** Refuses entries of a bucket's `allowed_mime_types` that are not a type, `type/*` or `*`. */
export function assertValidMimePatterns(patterns: string[]): void {
	for (const pattern of patterns) {
		if (pattern.length > 1000 || !mimePattern.test(pattern))
			throw storageErrors.invalidMimeType(pattern);
	}
}

/** A media type without its parameters, lower-cased: `Text/Plain; charset=UTF-8` is `text/plain`. */
export const mediaTypeOf = (value: string) => value.split(';')[0].trim().toLowerCase();

const token = /^[a-z0-9!#$&^_.+-]+$/;

/**
 * Whether `mimeType` is allowed. As Storage matches since it follows RFC 9110, parameters are not
 * part of the type and case does not matter on either side: `text/plain;charset=UTF-8` (what
 * storage-js sends for text) and `TEXT/PLAIN` both match `text/plain`; `type/*` matches any subtype.
 */
export function assertAllowedMimeType(mimeType: string, allowed: string[]): void {
	const [type, subtype, ...rest] = mediaTypeOf(mimeType).split('/');
	if (!token.test(type) || !token.test(subtype ?? '') || rest.length > 0)
		throw storageErrors.invalidMimeType(mimeType);
	const ok = allowed.some((pattern) => {
		const [allowedType, allowedSubtype] = mediaTypeOf(pattern).split('/');
		return allowedType === type && (allowedSubtype === '*' || allowedSubtype === subtype);
	});
	if (!ok) throw storageErrors.invalidMimeType(mimeType);
}

/** A bucket's allowed list as Storage keeps it: lower-cased, without parameters, each type once. */
export const normalizedMimeTypes = (list: string[]) => [
	...new Set(list.filter((type) => type).map(mediaTypeOf))
];
