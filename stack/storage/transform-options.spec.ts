import { describe, expect, it } from 'vitest';
import {
	describeTransformations,
	optionsFromClaims,
	transformationsClaim,
	transformOptionsFromQuery
} from './transform-options';

const fromQuery = (query: string) => transformOptionsFromQuery(new URLSearchParams(query));
const refusal = (query: string) => {
	try {
		fromQuery(query);
	} catch (error) {
		return (error as { body: unknown }).body;
	}
	return undefined;
};

describe('transformation options', () => {
	it('read a query string as Storage’s schema coerces it', () => {
		expect(fromQuery('width=200&height=100&resize=contain&quality=75&format=origin')).toEqual({
			width: 200,
			height: 100,
			resize: 'contain',
			quality: 75,
			format: 'origin'
		});
		expect(fromQuery('download=a.png')).toEqual({});
	});

	it('refuse what the schema refuses, in its words', () => {
		expect(refusal('width=1.5')).toMatchObject({
			statusCode: '400',
			code: 'InvalidRequest',
			message: 'querystring/width must be integer'
		});
		expect(refusal('height=-1')).toMatchObject({ message: 'querystring/height must be >= 0' });
		expect(refusal('quality=19')).toMatchObject({ message: 'querystring/quality must be >= 20' });
		expect(refusal('resize=crop')).toMatchObject({
			message: 'querystring/resize must be equal to one of the allowed values'
		});
		expect(refusal('x_offset=0.5')).toMatchObject({ statusCode: '409', code: 'NotSupported' });
	});

	it('clamp sizes into the signed claim, and read the claim back', () => {
		const claim = transformationsClaim({ width: 50_000, height: 0, resize: 'fill', quality: 60 });
		expect(claim).toBe('width:2000,resize:fill,quality:60');
		expect(optionsFromClaims(claim, undefined)).toEqual({
			width: 2000,
			resize: 'fill',
			quality: 60
		});
		expect(optionsFromClaims('width:100,format:avif,bogus:1,resize:sideways', 'origin')).toEqual({
			width: 100,
			format: 'origin'
		});
		expect(transformationsClaim({ format: 'origin' })).toBe('');
	});

	it('describe what was done in imgproxy’s words', () => {
		expect(describeTransformations({ width: 10, height: 20 })).toBe(
			'height:20,width:10,resizing_type:fill'
		);
		expect(describeTransformations({ width: 10, resize: 'contain', format: 'webp' })).toBe(
			'width:10,resizing_type:fit,format:webp'
		);
		expect(describeTransformations({ quality: 50 })).toBe('quality:50');
	});
});
