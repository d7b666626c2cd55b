// Every request: refuse cross-site form posts and form bodies no action can read, then a Supabase
// client over the request's cookies, the verified claims and the portal guard, with the security
// headers added to whatever comes back. (The theme script is in app.html.) The server's start also
// starts the email outbox sender.
import type { Handle, ServerInit } from '@sveltejs/kit';
import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { sequence } from '@sveltejs/kit/hooks';
import { AuthUnavailableError, isAuthUnavailable, type AppClaims } from '$lib/auth';
import { projectClaimsVerifier } from '$lib/server/claims-verifier';
import { emailSender } from '$lib/server/email';
import { checkActionBodies } from '$lib/server/hooks/action-bodies';
import { refuseCrossSiteForms } from '$lib/server/hooks/cross-site-forms';
import { portalGuard } from '$lib/server/hooks/portal-guard';
import { securityHeaders } from '$lib/server/hooks/security-headers';
import { createRequestClient } from '$lib/server/request-client';
import { publicSupabaseEnv } from '$lib/supabase';

const supabaseHandle: Handle = async ({ event, resolve }) => {
	event.locals.supabase = createRequestClient(event);

	let claims: Promise<AppClaims | null> | undefined;
	// The claims verifier checks the access token (refreshing it first when it has expired) against
	// the project's signing keys, as auth-js's getClaims() does; getSession() alone would trust
	// whatever the cookie says. An auth server out of reach says nothing about the person, so it is
	// not taken for "signed out".
	const verifyClaims = projectClaimsVerifier(publicSupabaseEnv());
	event.locals.getClaims = () =>
		(claims ??= verifyClaims(event.locals.supabase.auth).then(({ data, error }) => {
			if (error && isAuthUnavailable(error)) throw new AuthUnavailableError();
			if (error || !data) return null;
			return data.claims;
		}));

	return resolve(event);
};

export const handle = sequence(
	refuseCrossSiteForms,
	checkActionBodies,
	securityHeaders,
	supabaseHandle,
	portalGuard
);

// The outbox sender lives as long as the server process: one per process, also when vite re-runs
// this module after an edit.
const running = Symbol.for('autocrm.email-sender');
type WithSender = typeof globalThis & { [running]?: true };

export const init: ServerInit = () => {
	const global = globalThis as WithSender;
	if (global[running]) return;
	global[running] = true;
	const log = (line: string) => console.log(line);
	const sender = emailSender({ ...privateEnv, ...publicEnv }, log);
	if ('disabled' in sender) {
		log(`email: not sending the outbox (${sender.disabled})`);
		return;
	}
	sender.start();
	log('email: sending the outbox');
	// adapter-node announces its shutdown; what is in flight finishes and the rest is given back.
	process.once('sveltekit:shutdown', () => void sender.stop());
};
