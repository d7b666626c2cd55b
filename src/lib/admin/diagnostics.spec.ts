import { describe, expect, it } from 'vitest';
import {
	diagnosisChecks,
	readClaims,
	sessionChecks,
	type Claims,
	type Diagnosis
} from './diagnostics';

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

const failing = (found: Diagnosis, own: Claims = { user_role: 'admin' }) =>
	diagnosisChecks(found, own)
		.filter((check) => !check.pass)
		.map((check) => `${check.name}: ${check.detail}`);

describe('diagnosisChecks', () => {
	it('passes every check for a healthy setup', () => {
		expect(failing(healthy)).toEqual([]);
	});

	it('says the hook is not enabled when the admin’s own token lacks user_role', () => {
		expect(failing(healthy, {})).toEqual([
			'Access token hook: Your own token has no user_role claim: the custom access token hook is not enabled in the Auth server.'
		]);
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

describe('readClaims', () => {
	it('keeps the claims it knows and reads anything else as none', () => {
		expect(readClaims({ role: 'authenticated', user_role: 'admin', extra: 1 })).toMatchObject({
			role: 'authenticated',
			user_role: 'admin'
		});
		expect(readClaims({ user_role: 5 })).toEqual({});
		expect(readClaims(null)).toEqual({});
	});
});
