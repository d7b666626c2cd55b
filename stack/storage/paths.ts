// Object keys and bucket names as they arrive in URLs and bodies, checked before they reach SQL or
// the file system. Storage accepts only S3-safe characters; since the stack keeps bytes in files,
// it also refuses what could step outside the data folder: `.`/`..` segments (however encoded),
// absolute paths, backslashes and NUL.
import { resolve, sep } from 'node:path';
import { storageErrors } from './errors';

// Storage's own character rules (its `limits.ts`); anything else is refused, unicode included.
const safeKey = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const safeBucketName = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;

const isDotSegment = (segment: string) => segment === '.' || segment === '..';

export function isValidBucketName(name: string): boolean {
	return name.length > 0 && name.length <= 100 && safeBucketName.test(name) && !isDotSegment(name);
}

export function assertValidBucketName(name: string): void {
	if (!isValidBucketName(name)) throw storageErrors.invalidBucketName();
}

export function isValidKey(key: string): boolean {
	return (
		key.length > 0 &&
		key.length <= 1024 &&
		safeKey.test(key) &&
		!key.startsWith('/') &&
		!key.split('/').some(isDotSegment)
	);
}

export function assertValidKey(key: string): void {
	if (!isValidKey(key)) throw storageErrors.invalidKey(key);
}

/**
 * The text of percent-encoded URL path segments (`a%20b/c.png` → `a b/c.png`). Decoding is done
 * once, per segment, so an encoded `%2e%2e%2f` becomes the `../` that `assertValidKey` refuses.
 */
export function decodePath(encoded: string): string {
	try {
		return encoded
			.split('/')
			.map((segment) => decodeURIComponent(segment))
			.join('/');
	} catch {
		throw storageErrors.invalidKey(encoded);
	}
}

/** Where a file lives under `root`, refusing any path that would resolve outside it. */
export function resolveInside(root: string, ...parts: string[]): string {
	const base = resolve(root);
	const target = resolve(base, ...parts);
	if (!target.startsWith(base + sep)) throw storageErrors.invalidKey(parts.join('/'));
	return target;
}
