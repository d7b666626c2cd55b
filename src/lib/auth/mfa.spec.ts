import { describe, expect, it } from 'vitest';
import type { AppClaims } from './claims';
import { mfaLocation, mfaStep } from './mfa';

const claims = (extra: Partial<AppClaims>): AppClaims => ({ sub: 'u1', ...extra });

describe('the two-factor step', () => {
	it('lets a session that used its second factor through, without reading the setting', async () => {
		let asked = false;
		const required = async () => (asked = true);
		expect(await mfaStep(claims({ aal: 'aal2', mfa_enrolled: true }), 'agent', required)).toBe(
			'none'
		);
		expect(asked).toBe(false);
	});

	it('asks anyone with a factor for the code, whatever the setting says', async () => {
		for (const role of ['client', 'agent', 'admin'] as const) {
			expect(
				await mfaStep(claims({ aal: 'aal1', mfa_enrolled: true }), role, async () => false)
			).toBe('challenge');
		}
	});

	it('sends staff without a factor to set one up only when two-factor is required', async () => {
		const plain = claims({ aal: 'aal1', mfa_enrolled: false });
		expect(await mfaStep(plain, 'agent', async () => true)).toBe('enroll');
		expect(await mfaStep(plain, 'admin', async () => true)).toBe('enroll');
		expect(await mfaStep(plain, 'agent', async () => false)).toBe('none');
	});

	it('never asks customers without a factor, nor reads the setting for them', async () => {
		let asked = false;
		const step = await mfaStep(claims({ aal: 'aal1' }), 'client', async () => (asked = true));
		expect(step).toBe('none');
		expect(asked).toBe(false);
	});

	it('comes back to where the person was going', () => {
		expect(mfaLocation('challenge', '/agent?view=mine')).toBe(
			'/login/mfa?next=%2Fagent%3Fview%3Dmine'
		);
		expect(mfaLocation('enroll', '/admin')).toBe('/account/security?next=%2Fadmin');
	});
});
