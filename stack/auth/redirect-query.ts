// The query strings GoTrue builds for redirects: Go's url.Values.Encode, and the OAuth error name it
// gives an HTTP status when it redirects an error.
import { queryEscape } from './mail/mailer';

/** Go's url.Values.Encode: keys sorted, values query-escaped. */
export const encodeValues = (values: Record<string, string>) =>
	Object.keys(values)
		.sort()
		.map((key) => `${queryEscape(key)}=${queryEscape(values[key])}`)
		.join('&');

export const oauthErrors: Record<number, string> = {
	400: 'invalid_request',
	401: 'unauthorized_client',
	403: 'access_denied',
	500: 'server_error',
	503: 'temporarily_unavailable'
};
