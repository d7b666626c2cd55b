// Unsubscribing by the token in a customer email: the page that asks first (the footer link,
// /unsubscribe?token=…) and the RFC 8058 one-click address the List-Unsubscribe header names
// (/unsubscribe/one-click?token=…), which mail clients POST to from their own servers, with no
// cookies, no sign-in and no Origin header.

export const unsubscribePagePath = '/unsubscribe';
export const oneClickUnsubscribePath = '/unsubscribe/one-click';

/** The body RFC 8058 requires of a one-click post, as a form field. */
export const oneClickField = { name: 'List-Unsubscribe', value: 'One-Click' } as const;

// The database writes 24 random bytes as hex.
const tokenPattern = /^[0-9a-f]{48}$/;

/** A well-formed unsubscribe token (lower-cased), or null. */
export function unsubscribeToken(value: unknown): string | null {
	const token = typeof value === 'string' ? value.trim().toLowerCase() : '';
	return tokenPattern.test(token) ? token : null;
}

export const brokenUnsubscribeLink =
	'This unsubscribe link is not complete. Open it again from the email, or change your email settings after signing in.';
export const unknownUnsubscribeLink =
	'This unsubscribe link is no longer valid. Change your email settings after signing in.';

/**
 * A one-click unsubscribe post, which the cross-site form check lets through: it comes from
 * another site by design, and the token it carries can do nothing but turn emails off.
 */
export const isOneClickUnsubscribe = (request: Request, url: URL) =>
	request.method === 'POST' && url.pathname === oneClickUnsubscribePath;

/** The links for a person's token, under the app's public origin. */
export function unsubscribeLinks(appUrl: string, token: string) {
	const base = appUrl.replace(/\/+$/, '');
	const query = `?token=${encodeURIComponent(token)}`;
	return {
		page: `${base}${unsubscribePagePath}${query}`,
		oneClick: `${base}${oneClickUnsubscribePath}${query}`
	};
}
