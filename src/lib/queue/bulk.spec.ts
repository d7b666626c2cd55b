import { describe, expect, it } from 'vitest';
import { bulkChange, bulkTargets, changesOf, describeBulkResult } from './bulk';

const agentId = '1b2c3d4e-0000-4000-8000-000000000001';

describe('a bulk change', () => {
	it('becomes the changes bulk_update_tickets takes', () => {
		const change = (action: string, value: string) =>
			changesOf(bulkChange.parse({ action, value }));
		expect(change('assign', 'me')).toEqual({ assignee: 'me' });
		expect(change('assign', 'none')).toEqual({ assignee: null });
		expect(change('assign', agentId)).toEqual({ assignee: agentId });
		expect(change('team', 'none')).toEqual({ team: null });
		expect(change('status', 'pending')).toEqual({ status: 'pending' });
		expect(change('priority', 'urgent')).toEqual({ priority: 'urgent' });
		expect(change('add_tags', ' VIP, billing,vip ')).toEqual({ add_tags: ['vip', 'billing'] });
		expect(change('remove_tags', 'old')).toEqual({ remove_tags: ['old'] });
	});

	it('refuses what it cannot be, in words', () => {
		const message = (input: object) => bulkChange.safeParse(input).error?.issues[0]?.message;
		expect(message({ action: 'delete', value: 'x' })).toBe(
			'Pick an action: assign, status, priority, team, or tags.'
		);
		expect(message({ action: 'status', value: 'archived' })).toBe('Pick a status.');
		expect(message({ action: 'assign', value: 'bob' })).toBe('Pick someone to assign.');
		expect(message({ action: 'add_tags', value: ' , ' })).toBe('Name at least one tag.');
	});
});

describe('the tickets a bulk action picks', () => {
	it('are ids, at most 5,000', () => {
		expect(bulkTargets.parse({ scope: 'ids', ids: '3,1,2' })).toEqual({
			scope: 'ids',
			ids: [3, 1, 2]
		});
		const tooMany = bulkTargets.safeParse({
			scope: 'ids',
			ids: Array.from({ length: 50_000 }, (_, i) => i + 1).join(',')
		});
		expect(tooMany.error?.issues.map((issue) => issue.message)).toContain(
			'A bulk action changes at most 5,000 tickets at a time.'
		);
	});

	it('or a whole view, by its URL state', () => {
		expect(bulkTargets.parse({ scope: 'view', state: '?view=mine' })).toEqual({
			scope: 'view',
			state: '?view=mine'
		});
	});
});

describe('what a toast says', () => {
	it('counts what changed, what already was so, and what was refused and why', () => {
		expect(describeBulkResult({ changed: 30, unchanged: 0, refused: 0, reasons: [] })).toBe(
			'Changed 30 tickets.'
		);
		expect(
			describeBulkResult({
				changed: 1,
				unchanged: 2,
				refused: 3,
				reasons: [
					{ reason: 'It would have more than 20 tags.', count: 2, ids: [4, 5] },
					{ reason: 'Not found, or not yours to change.', count: 1, ids: [9] }
				]
			})
		).toBe(
			'Changed 1 ticket, 2 tickets already so; 3 refused: It would have more than 20 tags. (#4, #5) Not found, or not yours to change. (#9)'
		);
	});
});
