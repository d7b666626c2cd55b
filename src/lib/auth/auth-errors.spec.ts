import { describe, expect, it } from 'vitest';
import { authErrorMessage, authErrorStatus, unavailableMessage } from './auth-errors';

describe('what a person is told when the auth server says no', () => {
	it('says "wrong email or password" for GoTrue’s own invalid credentials', () => {
		expect(
			authErrorMessage({
				code: 'invalid_credentials',
				status: 400,
				message: 'Invalid login credentials'
			})
		).toBe('Wrong email or password.');
	});

	it('passes on the lockout message the password verification hook rejects with', () => {
		const lockout =
			'Too many failed sign-in attempts. This account is locked for 15 more minutes; try again then, or ask an admin to unlock it.';
		expect(authErrorMessage({ code: 'invalid_credentials', status: 400, message: lockout })).toBe(
			lockout
		);
	});

	it('keeps server wording out of every other error', () => {
		expect(
			authErrorMessage({
				code: 'weak_password',
				status: 422,
				message: 'Password is known to be weak'
			})
		).toBe('Choose a stronger password: longer, and not a common one.');
		expect(authErrorMessage({ status: 500, message: 'pq: relation does not exist' })).toBe(
			unavailableMessage
		);
		expect(authErrorMessage({ code: 'something_new', status: 400, message: 'internal' })).toBe(
			'That did not work. Check what you entered and try again.'
		);
	});

	it('answers a form with the auth server’s 4xx status, or 503 when it failed', () => {
		expect(authErrorStatus({ status: 400 })).toBe(400);
		expect(authErrorStatus({ status: 500 })).toBe(503);
		expect(authErrorStatus({})).toBe(503);
	});
});
