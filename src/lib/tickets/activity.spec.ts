import { describe, expect, it } from 'vitest';
import { describeActivity, isMessage } from './activity';
import type { Activity } from './types';

const row = (
	kind: Activity['kind'],
	meta: Activity['meta'],
	body: string | null = null
): Activity => ({
	id: 1,
	kind,
	body,
	is_internal: false,
	meta,
	created_at: '2026-01-01T00:00:00Z',
	author: null
});

describe('history lines', () => {
	it('name status and priority changes with their labels', () => {
		expect(
			describeActivity(row('status', { field: 'status', old: 'on_hold', new: 'solved' }))
		).toBe('Status changed from On hold to Solved');
		expect(describeActivity(row('priority', { old: 'normal', new: 'urgent' }))).toBe(
			'Priority changed from Normal to Urgent'
		);
	});

	it('name the new assignee when known', () => {
		const names = { 'a-1': 'Ann Agent' };
		expect(describeActivity(row('assignment', { field: 'assignee_id', new: 'a-1' }), names)).toBe(
			'Assigned to Ann Agent'
		);
		expect(describeActivity(row('assignment', { field: 'assignee_id', new: 'x' }), names)).toBe(
			'Assigned to an agent'
		);
		expect(describeActivity(row('assignment', { field: 'assignee_id', new: null }))).toBe(
			'Unassigned'
		);
	});

	it('name a satisfaction rating Good or Bad, and a new comment on it as such', () => {
		expect(
			describeActivity(row('rating', { field: 'satisfaction_rating', old: null, new: 'good' }))
		).toBe('Rated Good');
		expect(
			describeActivity(row('rating', { field: 'satisfaction_rating', old: 'good', new: 'bad' }))
		).toBe('Rated Bad');
		expect(
			describeActivity(
				row('rating', { field: 'satisfaction_comment', old: 'bad', new: 'bad' }, 'Slow')
			)
		).toBe('Rating comment changed');
	});

	it('tell messages from history', () => {
		expect(isMessage(row('reply', {}, 'hi'))).toBe(true);
		expect(isMessage(row('note', {}, 'hi'))).toBe(true);
		expect(isMessage(row('status', {}))).toBe(false);
	});
});
