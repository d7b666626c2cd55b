// The portal guard (architecture, section 2) applied to every request before any load runs: page
// loads start in parallel with their layout's, so a data request for a portal the role may not
// enter must be refused here, not only by the portal layout.
import { error, redirect, type Handle } from '@sveltejs/kit';
import { AuthUnavailableError, decide, roleFromClaims, unavailableMessage } from '$lib/auth';

export const portalGuard: Handle = async ({ event, resolve }) => {
	event.locals.authUnavailable = false;
	try {
		event.locals.claims = await event.locals.getClaims();
	} catch (thrown) {
		if (!(thrown instanceof AuthUnavailableError)) throw thrown;
		event.locals.authUnavailable = true;
		event.locals.claims = null;
	}
	event.locals.role = roleFromClaims(event.locals.claims);

	if (event.locals.authUnavailable) {
		// Nobody can be told who they are, and nobody is sent to sign in for it: the portal layouts
		// answer 503 inside the app (whose error page retries by itself), and writes are refused.
		if (event.request.method !== 'GET') return new Response(unavailableMessage, { status: 503 });
		return resolve(event);
	}

	const decision = decide(event.url.pathname, event.url.search, event.locals.role);
	if (decision.kind === 'redirect') {
		// SvelteKit answers a data request's redirect as JSON the client router follows.
		if (event.request.method === 'GET') redirect(303, decision.location);
		return new Response('Sign in first.', { status: 401 });
	}
	if (decision.kind === 'forbidden') {
		if (event.isDataRequest) error(403, decision.message);
		// A page load renders the portal's own error page; anything else is refused outright.
		if (event.request.method !== 'GET') return new Response(decision.message, { status: 403 });
	}
	return resolve(event);
};
