import { describe, expect, it } from 'vitest';
import { formatWhen } from './format';

describe('times in lists', () => {
	const now = Date.parse('2026-03-10T12:00:00Z');

	it('read as recent, then as a date', () => {
		expect(formatWhen('2026-03-10T11:59:30Z', now)).toBe('just now');
		expect(formatWhen('2026-03-10T11:55:00Z', now)).toBe('5 min ago');
		expect(formatWhen('2026-03-10T09:00:00Z', now)).toBe('3 h ago');
		expect(formatWhen('2026-03-01T09:00:00Z', now)).toBe('1 Mar 2026');
	});

	it('show nothing for a time they cannot read', () => {
		expect(formatWhen('soon', now)).toBe('');
	});
});
