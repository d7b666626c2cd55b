// The sign-in, sign-up, password and invite forms' input rules, with messages a person can act on.
import { z } from 'zod';
import { roles } from './roles';

export const emailAddress = z
	.string({ error: 'Enter your email address.' })
	.trim()
	.min(1, { error: 'Enter your email address.' })
	.pipe(z.email({ error: 'That does not look like an email address.' }))
	.transform((value) => value.toLowerCase());

export const newPassword = z
	.string({ error: 'Choose a password.' })
	.min(8, { error: 'Use at least 8 characters for your password.' })
	.max(72, { error: 'Keep your password to 72 characters.' });

export const signInForm = z.object({
	email: emailAddress,
	password: z.string({ error: 'Enter your password.' }).min(1, { error: 'Enter your password.' })
});

export const fullName = z
	.string({ error: 'Tell us your name.' })
	.trim()
	.min(1, { error: 'Tell us your name.' })
	.max(100, { error: 'Keep your name to 100 characters.' })
	// Names go into email headers; a line break there could add recipients.
	.refine((name) => !/\p{Cc}/u.test(name), {
		error: 'Write your name on one line, without line breaks or tabs.'
	});

export const signUpForm = z.object({
	full_name: fullName,
	email: emailAddress,
	password: newPassword
});

export const resetRequestForm = z.object({ email: emailAddress });

export const setPasswordForm = z
	.object({ password: newPassword, confirm_password: z.string().optional() })
	.refine(
		(form) => form.confirm_password === undefined || form.confirm_password === form.password,
		{
			error: 'The two passwords differ.',
			path: ['confirm_password']
		}
	);

export const inviteForm = z.object({
	email: emailAddress,
	role: z.enum(roles, { error: 'Choose a role.' })
});

/** A code from an authenticator app, as people type it: spaces are fine. */
export const oneTimeCodeForm = z.object({
	factor_id: z.uuid({ error: 'Start again: the authenticator to check is missing.' }),
	code: z
		.string({ error: 'Enter the 6-digit code from your authenticator app.' })
		.transform((value) => value.replace(/\s/g, ''))
		.pipe(
			z.string().regex(/^\d{6}$/, { error: 'Enter the 6-digit code from your authenticator app.' })
		)
});

export const factorForm = z.object({
	factor_id: z.uuid({ error: 'Choose the authenticator to remove.' })
});

export const staffMfaForm = z.object({
	require_staff_mfa: z
		.literal('on')
		.optional()
		.transform((value) => value === 'on')
});
