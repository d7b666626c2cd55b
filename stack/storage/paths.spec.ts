import { describe, expect, it } from 'vitest';
import { StorageError } from './errors';
import { decodePath, isValidBucketName, isValidKey, resolveInside } from './paths';

describe('object keys', () => {
	it('accept what Storage accepts', () => {
		for (const key of [
			'a.txt',
			'tickets/12/Invoice (final) v2!.txt',
			"x/y'z@;:+,?&$=*",
			'a//b',
			'folder/'
		])
			expect(isValidKey(key), key).toBe(true);
	});

	it('refuse dot segments, absolute paths, backslashes, NUL, other characters and empty keys', () => {
		for (const key of [
			'',
			'..',
			'a/../b',
			'./a',
			'a/.',
			'/etc/passwd',
			'a\\b',
			'a\0b',
			'résumé',
			'a%2e'
		])
			expect(isValidKey(key), JSON.stringify(key)).toBe(false);
		expect(isValidKey('a'.repeat(1025))).toBe(false);
	});

	it('are decoded once per segment, so encoded traversal shows as traversal', () => {
		expect(decodePath('a%20b/%2e%2e%2fc')).toBe('a b/../c');
		expect(decodePath('%252e%252e')).toBe('%2e%2e');
		expect(() => decodePath('bad%ZZ')).toThrow(StorageError);
	});
});

describe('bucket names', () => {
	it('follow Storage’s characters and length, and are never dot segments', () => {
		expect(isValidBucketName('avatars')).toBe(true);
		expect(isValidBucketName('my bucket (1)')).toBe(true);
		for (const name of ['', '.', '..', 'a/b', 'a\\b', 'x'.repeat(101)])
			expect(isValidBucketName(name), name).toBe(false);
	});
});

describe('resolveInside', () => {
	it('gives paths under the root and refuses any that leave it', () => {
		expect(resolveInside('/data', 'b', 'k', 'v')).toBe('/data/b/k/v');
		expect(() => resolveInside('/data', '..', 'etc')).toThrow(StorageError);
		expect(() => resolveInside('/data', 'b', '/etc/passwd')).toThrow(StorageError);
		expect(() => resolveInside('/data')).toThrow(StorageError);
	});
});
