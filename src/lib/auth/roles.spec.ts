import { describe, expect, it } from 'vitest';
import { isRole, mayEnter, portalFor, portals, roles } from './roles';

describe('portal rules', () => {
	it('sends every role to the portal of the same name', () => {
		expect(roles.map(portalFor)).toEqual(['client', 'agent', 'admin']);
	});

	it('lets clients and agents into their own portal only', () => {
		expect(portals.filter((p) => mayEnter('client', p))).toEqual(['client']);
		expect(portals.filter((p) => mayEnter('agent', p))).toEqual(['agent']);
	});

	it('lets admins into every portal', () => {
		expect(portals.every((p) => mayEnter('admin', p))).toBe(true);
	});

	it('recognises only the three roles', () => {
		expect(roles.every(isRole)).toBe(true);
		for (const value of ['authenticated', 'service_role', 'Admin', '', null, undefined, 1]) {
			expect(isRole(value)).toBe(false);
		}
	});
});
