// The input checks GoTrue makes before acting: email and phone formats, PKCE parameters, the
// audience a request speaks for, and where emails should send the user back to.
import type { IncomingMessage } from 'node:http';
import type { AuthSettings } from './settings';
import { badRequest } from './errors';

const emailFormat = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+$/;

/** The address lowercased, or 400 `validation_failed` worded as GoTrue words it. */
export function validateEmail(email: string | undefined): string {
	if (!email) throw badRequest('validation_failed', 'An email address is required');
	if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long');
	if (!emailFormat.test(email)) {
		throw badRequest('validation_failed', 'Unable to validate email address: invalid format');
	}
	return email.toLowerCase();
}

/** E.164 digits without the `+`, as GoTrue stores phone numbers. */
export function validatePhone(phone: string): string {
	const digits = phone.replace(/^\+/, '').replace(/\s/g, '');
	if (!/^[1-9]\d{1,14}$/.test(digits)) {
		throw badRequest('validation_failed', 'Invalid phone number format (E.164 required)');
	}
	return digits;
}

export interface PkceParams {
	code_challenge?: string;
	code_challenge_method?: string;
}

/** Both PKCE parameters or neither; a challenge of 43–128 unreserved characters. */
export function validatePkce(params: PkceParams): void {
	const challenge = params.code_challenge ?? '';
	const method = params.code_challenge_method ?? '';
	if ((challenge === '') !== (method === '')) {
		throw badRequest(
			'validation_failed',
			'PKCE flow requires code_challenge_method and code_challenge'
		);
	}
	if (!challenge) return;
	if (challenge.length < 43 || challenge.length > 128) {
		throw badRequest('validation_failed', 'code challenge has to be between 43 and 128 characters');
	}
	if (!/^[a-zA-Z._~0-9-]+$/.test(challenge)) {
		throw badRequest(
			'validation_failed',
			'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes'
		);
	}
	if (!['s256', 'plain'].includes(method.toLowerCase())) {
		throw badRequest('validation_failed', 'Invalid code_challenge_method');
	}
}

export const usesPkce = (params: PkceParams) => Boolean(params.code_challenge);

/** The audience a request speaks for: `X-JWT-AUD`, else the default `authenticated`. */
export const requestAud = (req: IncomingMessage) =>
	(req.headers['x-jwt-aud'] as string | undefined) || 'authenticated';

/**
 * Where an email's link leads back to (GoTrue's referrer): an allowed `redirect_to` header or query
 * parameter, else an allowed Referer, else the site URL.
 */
export function emailRedirect(settings: AuthSettings, req: IncomingMessage, url: URL): string {
	const candidates = [
		req.headers.redirect_to as string | undefined,
		url.searchParams.get('redirect_to') ?? undefined,
		req.headers.referer
	];
	return candidates.find((c) => c && settings.redirects.allows(c)) ?? settings.siteUrl;
}
