// Signs in through the app's own sign-in form, as a browser posts it (Accept: text/html gets the
// 303 that a form submission gets), for checks that need no browser.
import { demoPassword } from './demo-accounts.js';

/**
 * @param {string} appUrl
 * @param {string} [email]
 * @param {string} [password]
 * @returns {Promise<Response>}
 */
export function postSignInForm(appUrl, email = 'client@autocrm.test', password = demoPassword) {
	return fetch(`${appUrl}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: appUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password })
	});
}
