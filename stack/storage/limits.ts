// Upload limits as Storage applies them: the smaller of the bucket's `file_size_limit` and the
// project's `storage.file_size_limit`, and the bucket's `allowed_mime_types` (`image/*` allowed).
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

/**
 * Whether `mimeType` is allowed. Like Storage, the part after the slash is compared whole, so a raw
 * upload sent as `text/plain;charset=UTF-8` does not match `text/plain` (only `text/*` or the same
 * string): the stack refuses what hosted Supabase refuses.
 */
export function assertAllowedMimeType(mimeType: string, allowed: string[]): void {
	const [type, subtype] = mimeType.split('/');
	if (subtype === undefined) throw storageErrors.invalidMimeType(mimeType);
	const ok = allowed.some((pattern) => {
		const [allowedType, allowedSubtype] = pattern.split('/');
		return allowedType === type && (allowedSubtype === '*' || allowedSubtype === subtype);
	});
	if (!ok) throw storageErrors.invalidMimeType(mimeType);
}
