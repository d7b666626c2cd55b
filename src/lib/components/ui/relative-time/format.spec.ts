import { describe, expect, it } from 'vitest';
import { formatExact, formatRelative } from './format';

describe('relative times', () => {
	const now = Date.parse('2026-03-10T12:00:00Z');

	it('read as recent, then as a date', () => {
		expect(formatRelative('2026-03-10T11:59:30Z', now)).toBe('just now');
		expect(formatRelative('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
		expect(formatRelative('2026-03-10T11:59:00Z', now)).toBe('1 minute ago');
		expect(formatRelative('2026-03-10T09:00:00Z', now)).toBe('3 hours ago');
		expect(formatRelative('2026-03-09T11:00:00Z', now)).toBe('yesterday');
		expect(formatRelative('2026-03-07T12:00:00Z', now)).toBe('3 days ago');
		expect(formatRelative('2026-03-01T09:00:00Z', now)).toBe('1 Mar');
		expect(formatRelative('2025-12-24T09:00:00Z', now)).toBe('24 Dec 2025');
	});

	it('read future times forward (due dates)', () => {
		expect(formatRelative('2026-03-10T14:00:00Z', now)).toBe('in 2 hours');
		expect(formatRelative('2026-03-11T12:00:00Z', now)).toBe('tomorrow');
	});

	it('show nothing for a time they cannot read', () => {
		expect(formatRelative('soon', now)).toBe('');
		expect(formatExact('soon')).toBe('');
	});

	it('give the exact time for the tooltip', () => {
		expect(formatExact('2026-03-10T09:05:00Z')).toMatch(/^10 Mar 2026, \d{2}:05$/);
	});
});
