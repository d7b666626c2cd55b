import { describe, expect, it } from 'vitest';
import { changesShown } from './live-row';

const shown = {
	id: 7,
	status: 'open',
	tags: ['billing'],
	next_response_due_at: '2026-12-04T11:00:00.123456+00:00',
	updated_at: '2026-12-04T10:00:00+00:00',
	customer: { id: 'c1' }
};

describe('a live ticket row against the page’s copy', () => {
	it('does not count a change of `updated_at` alone, or of columns the page does not hold', () => {
		expect(
			changesShown(shown, {
				...shown,
				updated_at: '2026-12-04 10:05:00.5+00',
				description: 'new text'
			})
		).toBe(false);
	});

	it('reads the same instant in PostgreSQL’s text form as unchanged', () => {
		expect(
			changesShown(shown, { id: 7, next_response_due_at: '2026-12-04 11:00:00.123456+00' })
		).toBe(false);
	});

	it('counts a changed status, tag list or due time', () => {
		expect(changesShown(shown, { ...shown, status: 'pending' })).toBe(true);
		expect(changesShown(shown, { ...shown, tags: ['billing', 'vip'] })).toBe(true);
		expect(changesShown(shown, { id: 7, next_response_due_at: '2026-12-04 12:00:00+00' })).toBe(
			true
		);
	});
});
