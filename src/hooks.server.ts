// Every request: a Supabase client over the request's cookies, the verified claims, then the portal
// guard. Data requests and form posts are refused here too, so no portal action runs for a stranger.
import { redirect, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { decide, roleFromClaims, type AppClaims } from '$lib/auth';
import { createRequestClient } from '$lib/server/request-client';
import { themeScript } from '$lib/server/theme-script';

const supabaseHandle: Handle = async ({ event, resolve }) => {
	event.locals.supabase = createRequestClient(event);

	let claims: Promise<AppClaims | null> | undefined;
	// getClaims() verifies the access token (refreshing it first when it has expired); getSession()
	// alone would trust whatever the cookie says.
	event.locals.getClaims = () =>
		(claims ??= event.locals.supabase.auth.getClaims().then(({ data, error }) => {
			if (error || !data) return null;
			return data.claims;
		}));

	return resolve(event);
};

const portalGuard: Handle = async ({ event, resolve }) => {
	event.locals.claims = await event.locals.getClaims();
	event.locals.role = roleFromClaims(event.locals.claims);

	const decision = decide(event.url.pathname, event.url.search, event.locals.role);
	// Data requests are answered by the portal layouts, which throw the same decision as data.
	if (event.isDataRequest) return resolve(event);
	if (decision.kind === 'redirect') {
		if (event.request.method !== 'GET') return new Response('Sign in first.', { status: 401 });
		redirect(303, decision.location);
	}
	if (decision.kind === 'forbidden' && event.request.method !== 'GET') {
		return new Response(decision.message, { status: 403 });
	}
	return resolve(event);
};

export const handle = sequence(supabaseHandle, portalGuard, themeScript);
