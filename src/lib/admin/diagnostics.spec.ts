import { describe, expect, it } from 'vitest';
import { diagnosisChecks, sessionChecks, type Diagnosis } from './diagnostics';

const healthy: Diagnosis = {
	person: {
		id: 'a1',
		email: 'agent@autocrm.test',
		full_name: 'Alex Agent',
		role: 'agent',
		deactivated_at: null,
		banned_until: null,
		last_sign_in_at: null,
		has_auth_user: true
	},
	hook: { last_token_at: '2026-12-03T11:59:00Z', ran: true },
	claims: { role: 'authenticated', sub: 'a1', user_role: 'agent' },
	tables: [
		{
			table: 'tickets',
			published: true,
			replica_identity: 'full',
			rls_enabled: true,
			select_policies: [{ name: 'staff read tickets', roles: ['authenticated'], using: 'true' }]
		}
	]
};

const failing = (found: Diagnosis) =>
	diagnosisChecks(found)
		.filter((check) => !check.pass)
		.map((check) => `${check.name}: ${check.detail}`);

describe('diagnosisChecks', () => {
	it('passes every check for a healthy setup', () => {
		expect(failing(healthy)).toEqual([]);
	});

	it('says the hook is not enabled when the newest token skipped it, and why user_role is missing', () => {
		const broken = {
			...healthy,
			hook: { last_token_at: '2026-12-03T12:00:00Z', ran: false },
			claims: { role: 'authenticated', sub: 'a1' }
		};
		expect(failing(broken)).toEqual([
			'Access token hook: Not enabled: the newest token the Auth server issued did not pass through custom_access_token_hook, so tokens carry no user_role claim. Enable the hook in the Auth server (Authentication → Hooks, or [auth.hook.custom_access_token] in config.toml).',
			'`user_role` claim: Missing from their token: the custom access token hook is not enabled, so every policy denies and they get no live updates.'
		]);
	});

	it('cannot fault the hook before anybody has signed in', () => {
		expect(failing({ ...healthy, hook: null })).toEqual([]);
	});

	it('explains a table missing from the publication and a replica identity that is not full', () => {
		const broken = {
			...healthy,
			tables: [{ ...healthy.tables[0], published: false, replica_identity: 'default' }]
		};
		expect(failing(broken)).toEqual([
			'Publication: tickets: Not in publication supabase_realtime: nobody receives its changes.',
			'Replica identity: tickets: default: updates carry only the primary key of the previous row, so queues cannot tell which status a ticket left.'
		]);
	});

	it('explains a role claim that is not authenticated and a missing user_role', () => {
		const broken = { ...healthy, claims: { role: 'agent' } };
		expect(failing(broken)).toEqual([
			'`role` claim: agent: it must be authenticated, or PostgREST and Realtime switch to a role that does not exist and subscriptions fail.',
			'`user_role` claim: Missing: the hook found no profile for them, so every policy denies.'
		]);
	});

	it('flags a deactivated person and a table without RLS or policies', () => {
		const broken = {
			...healthy,
			person: { ...healthy.person, deactivated_at: '2026-12-03T12:00:00Z' },
			tables: [{ ...healthy.tables[0], rls_enabled: false }]
		};
		expect(failing(broken).map((line) => line.split(':')[0])).toEqual(['Account', 'Policies']);
	});
});

describe('sessionChecks', () => {
	const now = Date.parse('2026-12-03T12:00:00Z');
	const at = Math.floor(now / 1000);

	it('passes a live one-hour token', () => {
		const checks = sessionChecks(
			{ exp: at + 600, iat: at - 3000 },
			'http://app',
			'http://api',
			now
		);
		expect(checks.map((check) => check.pass)).toEqual([true, true]);
		expect(checks[0].detail).toMatch(/^Valid for 10 more minutes \(lifetime 60 minutes\)/);
	});

	it('fails an expired token', () => {
		const [expiry] = sessionChecks(
			{ exp: at - 5, iat: at - 3605 },
			'http://app',
			'http://api',
			now
		);
		expect(expiry).toMatchObject({ pass: false, detail: expect.stringMatching(/^Expired/) });
	});
});
