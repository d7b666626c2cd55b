import { describe, expect, it } from 'vitest';
import { articleForm, parseTags, slugify } from './forms';

const valid = {
	title: 'Reset your password',
	slug: '',
	category_id: 'cb000000-0000-4000-8000-000000000002',
	visibility: 'public',
	tags: 'Password, sign-in password',
	body: 'Steps'
};

describe('the article form', () => {
	it('makes URL names from titles', () => {
		expect(slugify('  Reset your password!  ')).toBe('reset-your-password');
		expect(slugify('Crème brûlée & VAT — 2026')).toBe('creme-brulee-vat-2026');
		expect(slugify('!!!')).toBe('');
	});

	it('reads tags as lower-case words, each once', () => {
		expect(parseTags('Password, sign-in  password,,')).toEqual(['password', 'sign-in']);
	});

	it('accepts a good article and refuses a bad slug, a missing title and a megabyte of text', () => {
		const parsed = articleForm.safeParse(valid);
		expect(parsed.success && parsed.data.tags).toEqual(['password', 'sign-in']);
		expect(articleForm.safeParse({ ...valid, slug: 'Not A Slug' }).success).toBe(false);
		expect(articleForm.safeParse({ ...valid, title: ' ' }).success).toBe(false);
		const big = articleForm.safeParse({ ...valid, body: 'a'.repeat(1024 * 1024) });
		expect(big.success).toBe(false);
		expect(big.error?.issues[0].message).toBe('Keep the article to 100,000 characters.');
	});
});
