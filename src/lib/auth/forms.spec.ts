import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/forms';
import { authErrorMessage, unavailableMessage } from './auth-errors';
import {
	inviteForm,
	oneTimeCodeForm,
	setPasswordForm,
	signInForm,
	signUpForm,
	staffMfaForm
} from './forms';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
};

describe('the sign-in form', () => {
	it('accepts an email, lower-cased, and any password', () => {
		expect(parseForm(signInForm, form({ email: ' Agent@AutoCRM.test ', password: 'x' }))).toEqual({
			ok: true,
			data: { email: 'agent@autocrm.test', password: 'x' }
		});
	});

	it('says what is missing and never echoes the password back', () => {
		const result = parseForm(signInForm, form({ email: 'nobody', password: '' }));
		expect(result).toEqual({
			ok: false,
			message: 'Some fields need another look.',
			errors: {
				email: 'That does not look like an email address.',
				password: 'Enter your password.'
			},
			values: { email: 'nobody' }
		});
	});
});

describe('the sign-up form', () => {
	it('needs a name, an email and a password of at least 8 characters', () => {
		const result = parseForm(
			signUpForm,
			form({ full_name: ' ', email: 'a@b.co', password: 'short' })
		);
		expect(result.ok || result.errors).toEqual({
			full_name: 'Tell us your name.',
			password: 'Use at least 8 characters for your password.'
		});
	});

	it('takes no role: whatever role field is posted is dropped', () => {
		const result = parseForm(
			signUpForm,
			form({ full_name: 'Ann', email: 'ann@b.co', password: 'long-enough', role: 'admin' })
		);
		expect(result).toEqual({
			ok: true,
			data: { full_name: 'Ann', email: 'ann@b.co', password: 'long-enough' }
		});
	});
});

describe('the set-password form', () => {
	it('refuses two different passwords', () => {
		const result = parseForm(
			setPasswordForm,
			form({ password: 'long-enough', confirm_password: 'long-enougH' })
		);
		expect(result.ok || result.errors).toEqual({ confirm_password: 'The two passwords differ.' });
	});
});

describe('the invite form', () => {
	it('takes an email and one of the three roles', () => {
		expect(parseForm(inviteForm, form({ email: 'new@x.co', role: 'agent' }))).toEqual({
			ok: true,
			data: { email: 'new@x.co', role: 'agent' }
		});
		const result = parseForm(inviteForm, form({ email: 'new@x.co', role: 'service_role' }));
		expect(result.ok || result.errors).toEqual({ role: 'Choose a role.' });
	});
});

describe('auth errors in plain words', () => {
	it('names a wrong password, too many attempts and an expired link', () => {
		expect(authErrorMessage({ code: 'invalid_credentials', status: 400 })).toBe(
			'Wrong email or password.'
		);
		expect(authErrorMessage({ code: 'over_request_rate_limit', status: 429 })).toBe(
			'Too many attempts. Wait a few minutes, then try again.'
		);
		expect(authErrorMessage({ status: 429 })).toBe(
			'Too many attempts. Wait a few minutes, then try again.'
		);
		expect(authErrorMessage({ code: 'otp_expired', status: 403 })).toBe(
			'This link has expired or was already used. Ask for a new one.'
		);
	});

	it('says the service is not answering when it is down rather than blaming the person', () => {
		expect(authErrorMessage({ name: 'AuthRetryableFetchError', status: 0 })).toBe(
			unavailableMessage
		);
		expect(authErrorMessage({ status: 501 })).toBe(unavailableMessage);
	});
});

describe('the two-factor forms', () => {
	const factor = '6f1c3f0e-8f4b-4d8e-9a52-0f6c1b2a3d4e';

	it('take a 6-digit code as people type it, spaces and all', () => {
		expect(parseForm(oneTimeCodeForm, form({ factor_id: factor, code: ' 123 456 ' }))).toEqual({
			ok: true,
			data: { factor_id: factor, code: '123456' }
		});
		const short = parseForm(oneTimeCodeForm, form({ factor_id: factor, code: '12345' }));
		expect(short.ok || short.errors).toEqual({
			code: 'Enter the 6-digit code from your authenticator app.'
		});
	});

	it('read the staff switch as a checkbox: checked or absent', () => {
		expect(parseForm(staffMfaForm, form({ require_staff_mfa: 'on' }))).toEqual({
			ok: true,
			data: { require_staff_mfa: true }
		});
		expect(parseForm(staffMfaForm, form({}))).toEqual({
			ok: true,
			data: { require_staff_mfa: false }
		});
	});

	it('explain a wrong code in plain words', () => {
		expect(authErrorMessage({ code: 'mfa_verification_failed', status: 422 })).toMatch(
			/^That code is not right/
		);
	});
});
