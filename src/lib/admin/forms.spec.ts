import { describe, expect, it } from 'vitest';
import { auditFilters, invitePersonForm, peopleFilters, personForm, skillList } from './forms';

describe('peopleFilters', () => {
	it('reads the filters and ignores values it does not know', () => {
		expect(peopleFilters.parse({ q: ' ana ', role: 'agent', status: 'gone', page: '3' })).toEqual({
			q: 'ana',
			role: 'agent',
			status: undefined,
			team: undefined,
			page: 3
		});
		expect(peopleFilters.parse({ role: 'superuser', page: '-1' })).toMatchObject({
			role: undefined,
			page: 1
		});
	});
});

describe('personForm', () => {
	it('refuses a role outside the enum', () => {
		const parsed = personForm.safeParse({ full_name: 'A', role: 'owner' });
		expect(parsed.success).toBe(false);
	});

	it('reads an empty team as none and the self-confirmation as a flag', () => {
		expect(
			personForm.parse({ full_name: ' A ', role: 'agent', team_id: '', confirm_self: 'yes' })
		).toEqual({
			full_name: 'A',
			role: 'agent',
			team_id: null,
			confirm_self: true
		});
	});
});

describe('invitePersonForm', () => {
	it('lower-cases the address and needs a name', () => {
		expect(
			invitePersonForm.parse({ email: ' New@Example.COM ', full_name: 'New Person', role: 'agent' })
		).toMatchObject({ email: 'new@example.com', team_id: null });
		expect(
			invitePersonForm.safeParse({ email: 'a@b.c', full_name: ' ', role: 'agent' }).success
		).toBe(false);
	});
});

describe('skillList', () => {
	it('splits, trims, lower-cases and removes repeats', () => {
		expect(skillList.parse(' Billing, refunds,,billing ')).toEqual(['billing', 'refunds']);
	});
});

describe('auditFilters', () => {
	it('drops a malformed action or date', () => {
		expect(
			auditFilters.parse({ action: 'drop table', from: '2026-13-40', to: '2026-12-03' })
		).toMatchObject({
			action: undefined,
			from: undefined,
			to: '2026-12-03'
		});
	});
});
