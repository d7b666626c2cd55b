import { describe, expect, it } from 'vitest';
import { roleFromClaims } from './claims';

describe('the role in the claims', () => {
	it('is the user_role claim the access token hook adds', () => {
		expect(roleFromClaims({ sub: 'u', role: 'authenticated', user_role: 'agent' })).toBe('agent');
	});

	it('is never the Postgres role, user metadata or an unknown value', () => {
		expect(roleFromClaims({ sub: 'u', role: 'authenticated' })).toBeNull();
		expect(roleFromClaims({ sub: 'u', user_metadata: { user_role: 'admin' } })).toBeNull();
		expect(roleFromClaims({ sub: 'u', user_role: 'superuser' })).toBeNull();
		expect(roleFromClaims(null)).toBeNull();
	});
});
