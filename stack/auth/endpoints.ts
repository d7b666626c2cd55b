// The Auth API's endpoints under /auth/v1, as GoTrue routes them.
import type { Endpoint } from './router';
import { health, jwks, settings } from './routes/about';
import {
	createAdminUser,
	deleteAdminUser,
	getAdminUser,
	listUsers,
	updateAdminUser
} from './routes/admin-users';
import { deleteUserFactor, listUserFactors, updateUserFactor } from './routes/admin-factors';
import { challengeFactor, enrollFactor, unenrollFactor, verifyFactor } from './routes/factors';
import { generateLink } from './routes/generate-link';
import { invite } from './routes/invite';
import { logout } from './routes/logout';
import { otp } from './routes/otp';
import { recover } from './routes/recover';
import { signup } from './routes/signup';
import { token } from './routes/token';
import { reauthenticate } from './routes/reauthenticate';
import { resend } from './routes/resend';
import {
	authorize,
	callback,
	manualLinkingDisabled,
	oauthServerDisabled,
	passkeysDisabled,
	samlDisabled,
	unsupported
} from './routes/unsupported';
import { getUser, updateUser } from './routes/user';
import { verifyGet, verifyPost } from './routes/verify';

export const endpoints: Endpoint[] = [
	{ method: 'GET', path: '/health', handler: health },
	{ method: 'GET', path: '/settings', handler: settings },
	{ method: 'GET', path: '/.well-known/jwks.json', handler: jwks },
	{ method: 'POST', path: '/signup', handler: signup },
	{ method: 'POST', path: '/token', handler: token },
	{ method: 'GET', path: '/user', handler: getUser },
	{ method: 'PUT', path: '/user', handler: updateUser },
	{ method: 'POST', path: '/logout', handler: logout },
	{ method: 'POST', path: '/recover', handler: recover },
	{ method: 'GET', path: '/verify', handler: verifyGet },
	{ method: 'POST', path: '/verify', handler: verifyPost },
	{ method: 'POST', path: '/otp', handler: otp },
	{ method: 'POST', path: '/invite', handler: invite },
	{ method: 'GET', path: '/admin/users', handler: listUsers },
	{ method: 'POST', path: '/admin/users', handler: createAdminUser },
	{ method: 'GET', path: '/admin/users/:id', handler: getAdminUser },
	{ method: 'PUT', path: '/admin/users/:id', handler: updateAdminUser },
	{ method: 'DELETE', path: '/admin/users/:id', handler: deleteAdminUser },
	{ method: 'POST', path: '/admin/generate_link', handler: generateLink },
	{ method: 'GET', path: '/authorize', handler: authorize },
	{ method: 'GET', path: '/callback', handler: callback },
	{ method: 'POST', path: '/callback', handler: callback },
	{ method: 'POST', path: '/resend', handler: resend },
	{ method: 'GET', path: '/reauthenticate', handler: reauthenticate },
	{
		method: 'POST',
		path: '/magiclink',
		handler: unsupported('the deprecated /magiclink endpoint; use /otp')
	},
	{ method: 'POST', path: '/sso', handler: samlDisabled },
	{ method: 'GET', path: '/sso/saml/metadata', handler: samlDisabled },
	{ method: 'POST', path: '/sso/saml/acs', handler: samlDisabled },
	{ method: 'POST', path: '/factors', handler: enrollFactor },
	{ method: 'POST', path: '/factors/:factor_id/challenge', handler: challengeFactor },
	{ method: 'POST', path: '/factors/:factor_id/verify', handler: verifyFactor },
	{ method: 'DELETE', path: '/factors/:factor_id', handler: unenrollFactor },
	{ method: 'GET', path: '/user/identities/authorize', handler: manualLinkingDisabled },
	{ method: 'DELETE', path: '/user/identities/:id', handler: manualLinkingDisabled },
	{ method: 'GET', path: '/admin/users/:id/factors', handler: listUserFactors },
	{ method: 'PUT', path: '/admin/users/:id/factors/:factor_id', handler: updateUserFactor },
	{ method: 'DELETE', path: '/admin/users/:id/factors/:factor_id', handler: deleteUserFactor },
	{ method: 'GET', path: '/admin/audit', handler: unsupported('the audit log API') },
	...[
		'/passkeys/authentication/options',
		'/passkeys/authentication/verify',
		'/passkeys/registration/options',
		'/passkeys/registration/verify'
	].map((path) => ({ method: 'POST' as const, path, handler: passkeysDisabled })),
	{ method: 'GET', path: '/passkeys', handler: passkeysDisabled },
	{ method: 'PATCH', path: '/passkeys/:id', handler: passkeysDisabled },
	{ method: 'DELETE', path: '/passkeys/:id', handler: passkeysDisabled },
	{ method: 'GET', path: '/.well-known/oauth-authorization-server', handler: oauthServerDisabled },
	{ method: 'GET', path: '/oauth/authorize', handler: oauthServerDisabled },
	{ method: 'POST', path: '/oauth/token', handler: oauthServerDisabled },
	{ method: 'POST', path: '/oauth/clients/register', handler: oauthServerDisabled },
	{ method: 'GET', path: '/oauth/authorizations/:id', handler: oauthServerDisabled },
	{ method: 'POST', path: '/oauth/authorizations/:id/consent', handler: oauthServerDisabled },
	{ method: 'GET', path: '/user/oauth/grants', handler: oauthServerDisabled },
	{ method: 'DELETE', path: '/user/oauth/grants', handler: oauthServerDisabled }
];

/** Kong lets these through without an API key: links in emails and OAuth redirects land here. */
const open = new Set(['/verify', '/callback', '/authorize', '/.well-known/jwks.json']);

export const keyPolicy = (path: string) =>
	open.has(path.replace(/\/$/, '')) ? 'none' : 'required';
