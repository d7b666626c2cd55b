import { describe, expect, it } from 'vitest';
import { hrefWith } from './links';

describe('hrefWith', () => {
	const url = new URL('http://app/admin/people?q=ana&page=3');

	it('sets and removes parameters, keeping the others', () => {
		expect(hrefWith(url, { page: '4' })).toBe('/admin/people?q=ana&page=4');
		expect(hrefWith(url, { page: undefined })).toBe('/admin/people?q=ana');
	});

	it('can point at another path with the same filters', () => {
		expect(hrefWith(url, { page: undefined }, '/admin/people.csv')).toBe('/admin/people.csv?q=ana');
		expect(hrefWith(new URL('http://app/x'), {})).toBe('/x');
	});
});
