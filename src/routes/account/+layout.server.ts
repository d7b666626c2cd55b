// The account pages, for anyone signed in with a role, whichever portal they came from.
import { redirect } from '@sveltejs/kit';
import { portalFor } from '$lib/auth';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	const { claims, role } = locals;
	if (!claims || !role)
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return {
		viewer: { id: claims.sub, email: claims.email ?? '', role },
		home: `/${portalFor(role)}`
	};
};
