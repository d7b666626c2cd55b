// What to tell a person when the auth server says no: plain words, never its raw message.

interface AuthErrorLike {
	code?: string;
	status?: number;
	name?: string;
	message?: string;
}

/** GoTrue's own wording for a wrong email or password. */
const invalidLogin = 'Invalid login credentials';

const messages: Record<string, string> = {
	invalid_credentials: 'Wrong email or password.',
	email_not_confirmed: 'Confirm your email address first: follow the link we sent you.',
	user_banned: 'This account is blocked. Contact support.',
	over_request_rate_limit: 'Too many attempts. Wait a few minutes, then try again.',
	over_email_send_rate_limit: 'Too many emails sent. Wait a few minutes, then try again.',
	user_already_exists: 'An account with this email already exists. Sign in instead.',
	email_exists: 'An account with this email already exists. Sign in instead.',
	weak_password: 'Choose a stronger password: longer, and not a common one.',
	same_password: 'Choose a password different from your current one.',
	signup_disabled: 'New accounts cannot be created right now.',
	email_address_invalid: 'That email address cannot be used.',
	otp_expired: 'This link has expired or was already used. Ask for a new one.',
	flow_state_expired: 'This link has expired or was already used. Ask for a new one.',
	session_not_found: 'Your session has ended. Sign in again.',
	session_expired: 'Your session has ended. Sign in again.',
	refresh_token_not_found: 'Your session has ended. Sign in again.',
	refresh_token_already_used: 'Your session has ended. Sign in again.',
	mfa_verification_failed:
		'That code is not right. Enter the newest code your authenticator app shows.',
	mfa_challenge_expired: 'That code came too late. Enter the newest one your app shows.',
	mfa_ip_address_mismatch: 'Your connection changed midway. Enter the newest code again.',
	mfa_factor_not_found: 'That authenticator is no longer set up. Start again.',
	insufficient_aal: 'Confirm it is you with a code from your authenticator app first.',
	mfa_totp_enroll_not_enabled: 'Two-factor sign-in is not available in this workspace.',
	mfa_totp_verify_not_enabled: 'Two-factor sign-in is not available in this workspace.'
};

export const unavailableMessage = 'The sign-in service is not answering. Try again in a moment.';

/** The auth server could not say who is signed in: out of reach, or failing. */
export class AuthUnavailableError extends Error {
	name = 'AuthUnavailableError';
	constructor() {
		super(unavailableMessage);
	}
}

/** The auth server could not be reached or failed: nothing it said is a verdict on the person. */
export const isAuthUnavailable = (error: AuthErrorLike) =>
	error.name === 'AuthRetryableFetchError' || !error.status || error.status >= 500;

export function authErrorMessage(error: AuthErrorLike): string {
	// The project's password verification hook (the sign-in lockout) rejects with invalid_credentials
	// and a message of its own, written in supabase/ for people to read.
	if (error.code === 'invalid_credentials' && error.message && error.message !== invalidLogin) {
		return error.message;
	}
	if (error.code && messages[error.code]) return messages[error.code];
	if (error.status === 429) return messages.over_request_rate_limit;
	if (isAuthUnavailable(error)) return unavailableMessage;
	return 'That did not work. Check what you entered and try again.';
}

/** The HTTP status a form action answers with for an auth error. */
export const authErrorStatus = (error: AuthErrorLike) =>
	error.status && error.status >= 400 && error.status < 500 ? error.status : 503;
