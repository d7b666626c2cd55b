// The account pages, for anyone signed in with a role, whichever portal they came from.
import { redirect } from '@sveltejs/kit';
import { portalFor, type Portal } from '$lib/auth';
import { loadViewer } from '$lib/server/viewer';
import type { LayoutServerLoad } from './$types';

const portalNames: Record<Portal, string> = {
	client: 'your tickets',
	agent: 'the workspace',
	admin: 'administration'
};

export const load: LayoutServerLoad = async ({ locals, url }) => {
	const { claims, role } = locals;
	if (!claims || !role)
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return {
		viewer: await loadViewer(locals, claims, role),
		home: `/${portalFor(role)}`,
		portalName: portalNames[portalFor(role)]
	};
};
