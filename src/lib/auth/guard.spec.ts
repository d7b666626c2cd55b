import { describe, expect, it } from 'vitest';
import { decide, forbiddenMessage, portalOf, safeNext } from './guard';
import { portals, roles, type Portal, type Role } from './roles';

// The architecture's table, written out cell by cell: role x portal -> may enter.
const table: Record<Role, Record<Portal, boolean>> = {
	client: { client: true, agent: false, admin: false },
	agent: { client: false, agent: true, admin: false },
	admin: { client: true, agent: true, admin: true }
};

describe('the portal guard', () => {
	it('sends each role from / to its own portal, and anonymous visitors to sign in', () => {
		expect(decide('/', '', 'client')).toEqual({ kind: 'redirect', location: '/client' });
		expect(decide('/', '', 'agent')).toEqual({ kind: 'redirect', location: '/agent' });
		expect(decide('/', '', 'admin')).toEqual({ kind: 'redirect', location: '/admin' });
		expect(decide('/', '', null)).toEqual({ kind: 'redirect', location: '/login' });
	});

	for (const role of roles) {
		for (const portal of portals) {
			const allowed = table[role][portal];
			it(`${allowed ? 'lets' : 'stops'} a ${role} ${allowed ? 'into' : 'at'} /${portal}/**`, () => {
				for (const path of [`/${portal}`, `/${portal}/tickets/7`]) {
					const decision = decide(path, '', role);
					if (allowed) expect(decision).toEqual({ kind: 'pass' });
					else
						expect(decision).toEqual({
							kind: 'forbidden',
							portal,
							message: forbiddenMessage(role, portal)
						});
				}
			});
		}
	}

	it('sends anonymous visitors of any portal to sign in, remembering where they were going', () => {
		for (const portal of portals) {
			expect(decide(`/${portal}/tickets/3`, '?tab=notes', null)).toEqual({
				kind: 'redirect',
				location: `/login?next=${encodeURIComponent(`/${portal}/tickets/3?tab=notes`)}`
			});
		}
	});

	it('opens the help center (/help/**) to everyone, signed in or not', () => {
		for (const role of [...roles, null]) {
			for (const path of ['/help', '/help/search', '/help/articles/reset-your-password']) {
				expect(decide(path, '?q=x', role)).toEqual({ kind: 'pass' });
			}
		}
	});

	it('leaves pages outside the portals alone, whoever asks', () => {
		for (const role of [...roles, null]) {
			for (const path of ['/login', '/signup', '/auth/confirm', '/clients', '/agents/x']) {
				expect(decide(path, '', role)).toEqual({ kind: 'pass' });
			}
		}
	});

	it('says in plain words why a portal is closed', () => {
		expect(forbiddenMessage('client', 'agent')).toBe(
			'You are signed in as a customer, and the agent portal is only for agents and admins.'
		);
		expect(forbiddenMessage('agent', 'admin')).toBe(
			'You are signed in as an agent, and the admin portal is only for admins.'
		);
	});

	it('matches portal paths by whole segment', () => {
		expect(portalOf('/agent')).toBe('agent');
		expect(portalOf('/agent/')).toBe('agent');
		expect(portalOf('/agents')).toBeUndefined();
	});

	it('follows only same-site paths after sign-in', () => {
		expect(safeNext('/agent/tickets/3')).toBe('/agent/tickets/3');
		for (const next of [
			'//evil.test/x',
			'/\\evil.test',
			'https://evil.test',
			'',
			null,
			undefined
		]) {
			expect(safeNext(next)).toBeUndefined();
		}
	});

	it('refuses paths a browser would turn into another origin once it drops tabs and newlines', () => {
		// `/login?next=%2F%09%2Fevil.example%2Fx`: browsers strip the tab, leaving `//evil.example/x`.
		for (const next of [
			'/\t/evil.example/x',
			'/\n/evil.example/x',
			'/\r\n/evil.example',
			'/\\/evil.example',
			'/\u0000/evil.example',
			'/agent\u007f'
		]) {
			expect(safeNext(next)).toBeUndefined();
		}
	});

	it('keeps same-site paths with their query and fragment, as the URL parser reads them', () => {
		expect(safeNext('/agent?view=mine#top')).toBe('/agent?view=mine#top');
		expect(safeNext('/client/tickets/3?tab=a%2Fb')).toBe('/client/tickets/3?tab=a%2Fb');
		expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
	});
});
