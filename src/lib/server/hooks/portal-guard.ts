// The portal guard (architecture, section 2) applied to every request before any load runs: page
// loads start in parallel with their layout's, so a data request for a portal the role may not
// enter must be refused here, not only by the portal layout.
import { error, redirect, type Handle } from '@sveltejs/kit';
import { decide, roleFromClaims } from '$lib/auth';

export const portalGuard: Handle = async ({ event, resolve }) => {
	event.locals.claims = await event.locals.getClaims();
	event.locals.role = roleFromClaims(event.locals.claims);

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
