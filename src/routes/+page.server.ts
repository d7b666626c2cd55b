// `/` has no page of its own: everyone is sent where the guard's table says (also when SvelteKit's
// client router asks for it after a form action redirects here).
import { redirect } from '@sveltejs/kit';
import { decide } from '$lib/auth';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const decision = decide(url.pathname, url.search, locals.role);
	redirect(303, decision.kind === 'redirect' ? decision.location : '/login');
};
