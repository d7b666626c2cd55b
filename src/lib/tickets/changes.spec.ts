import { describe, expect, it } from 'vitest';
import { ticketChanges, type TicketState } from './changes';

const before: TicketState = {
	status: 'open',
	priority: 'normal',
	assignee_id: null,
	team_id: null,
	tags: ['billing'],
	due_at: null,
	custom_fields: { browser: 'Firefox' }
};
const names = {
	people: { a2: 'Sam Support' },
	teams: { t1: 'Billing' },
	fields: { browser: 'Browser' }
};

describe('what someone else changed', () => {
	it('names each changed property with its value now', () => {
		const after: TicketState = {
			...before,
			status: 'pending',
			assignee_id: 'a2',
			team_id: 't1',
			tags: [],
			custom_fields: { browser: 'Chrome', bug_filed: true }
		};
		expect(ticketChanges(before, after, names)).toEqual([
			{ label: 'Status', now: 'Pending' },
			{ label: 'Assignee', now: 'Sam Support' },
			{ label: 'Team', now: 'Billing' },
			{ label: 'Tags', now: 'empty' },
			{ label: 'Browser', now: 'Chrome' },
			{ label: 'bug_filed', now: 'yes' }
		]);
	});

	it('is empty when nothing changed', () => {
		expect(ticketChanges(before, { ...before, tags: ['billing'] }, names)).toEqual([]);
	});
});
