import { describe, expect, it } from 'vitest';
import { createRedirectPolicy, globToRegExp } from './redirect';

describe('redirect globs', () => {
	it('keep * within one label or path segment and let ** cross them', () => {
		expect(
			globToRegExp('https://*.example.com/welcome').test('https://eu.example.com/welcome')
		).toBe(true);
		expect(
			globToRegExp('https://*.example.com/welcome').test('https://a.b.example.com/welcome')
		).toBe(false);
		expect(globToRegExp('http://localhost:3000/*').test('http://localhost:3000/a/b')).toBe(false);
		expect(globToRegExp('http://localhost:3000/**').test('http://localhost:3000/a/b?x=1')).toBe(
			true
		);
		expect(globToRegExp('https://{app,admin}.example.com').test('https://admin.example.com')).toBe(
			true
		);
	});
});

describe('the redirect policy', () => {
	const policy = createRedirectPolicy('http://localhost:3000', ['https://*.example.com/welcome']);

	it("allows the site's origin on any localhost port, loopback addresses and allow-list matches", () => {
		expect(policy.allows('http://localhost:3000/account')).toBe(true);
		expect(policy.allows('http://localhost:5173/account')).toBe(true);
		expect(policy.allows('http://127.0.0.1:9999/')).toBe(true);
		expect(policy.allows('https://eu.example.com/welcome#frag')).toBe(true);
	});

	it('sends anything else to the site URL', () => {
		expect(policy.resolve('https://evil.example.org/')).toBe('http://localhost:3000');
		expect(policy.resolve('https://localhost:3000/')).toBe('http://localhost:3000');
		expect(policy.resolve('not a url')).toBe('http://localhost:3000');
		expect(policy.resolve(undefined)).toBe('http://localhost:3000');
	});
});
