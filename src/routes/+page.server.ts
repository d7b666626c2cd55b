// `/` has no page of its own: everyone is sent where the guard's table says (also when SvelteKit's
// client router asks for it after a form action redirects here). While the auth server cannot say
// who is signed in, nobody is sent to sign in for it.
import { error, redirect } from '@sveltejs/kit';
import { decide, unavailableMessage } from '$lib/auth';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.authUnavailable) error(503, unavailableMessage);
	const decision = decide(url.pathname, url.search, locals.role);
	redirect(303, decision.kind === 'redirect' ? decision.location : '/login');
};
