import { describe, expect, it } from 'vitest';
import {
	assertAllowedMimeType,
	normalizedMimeTypes,
	assertValidMimePatterns,
	parseBucketSizeLimit,
	uploadLimit
} from './limits';

const refusal = (run: () => void) => {
	try {
		run();
	} catch (error) {
		return (error as { body: unknown }).body;
	}
	return undefined;
};

describe('upload limits', () => {
	it('are the smaller of the bucket’s and the project’s, and zero for folder placeholders', () => {
		expect(uploadLimit({ file_size_limit: 1000 }, 5000, 'a.txt')).toBe(1000);
		expect(uploadLimit({ file_size_limit: 9000 }, 5000, 'a.txt')).toBe(5000);
		expect(uploadLimit({ file_size_limit: null }, 5000, 'a.txt')).toBe(5000);
		expect(uploadLimit({ file_size_limit: null }, 5000, 'f/.emptyFolderPlaceholder')).toBe(0);
	});

	it('read bucket sizes in decimal units and refuse more than the project allows', () => {
		expect(parseBucketSizeLimit('20MB', 1e9)).toBe(20_000_000);
		expect(parseBucketSizeLimit('1.5kb', 1e9)).toBe(1500);
		expect(parseBucketSizeLimit(2048, 1e9)).toBe(2048);
		expect(refusal(() => parseBucketSizeLimit('20 MiB', 1e9))).toMatchObject({
			code: 'InvalidRequest'
		});
		expect(refusal(() => parseBucketSizeLimit('2GB', 1e9))).toMatchObject({ statusCode: '413' });
	});
});

describe('MIME rules', () => {
	it('keep a bucket’s list lower-cased, without parameters, each type once', () => {
		expect(normalizedMimeTypes(['Text/Plain; charset=utf-8', 'text/plain', '', 'IMAGE/*'])).toEqual(
			['text/plain', 'image/*']
		);
	});

	const allowed = ['image/*', 'application/pdf', 'text/plain'];

	it('allow exact types and type/* wildcards', () => {
		for (const type of ['image/png', 'image/svg+xml', 'application/pdf', 'text/plain'])
			expect(
				refusal(() => assertAllowedMimeType(type, allowed)),
				type
			).toBeUndefined();
	});

	it('ignore parameters and case on both sides, as Storage does', () => {
		for (const type of [
			'text/plain;charset=UTF-8',
			'TEXT/PLAIN',
			'Image/PNG; q=1',
			' application/pdf '
		])
			expect(
				refusal(() => assertAllowedMimeType(type, allowed)),
				type
			).toBeUndefined();
		expect(
			refusal(() => assertAllowedMimeType('text/plain', ['Text/Plain; charset=utf-8']))
		).toBeUndefined();
	});

	it('refuse other types with Storage’s 415', () => {
		for (const type of [
			'text/html',
			'application/json',
			'text/plainer',
			'text/plain/extra',
			'image',
			'png',
			'text/pl ain'
		])
			expect(
				refusal(() => assertAllowedMimeType(type, allowed)),
				type
			).toMatchObject({
				statusCode: '415',
				message: `mime type ${type} is not supported`
			});
	});

	it('accept only well-formed patterns for a bucket', () => {
		expect(
			refusal(() => assertValidMimePatterns(['image/*', 'text/plain; charset=utf-8']))
		).toBeUndefined();
		expect(refusal(() => assertValidMimePatterns(['image png']))).toMatchObject({
			statusCode: '415'
		});
	});
});
