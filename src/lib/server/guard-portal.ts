// The guard as every portal layout applies it, so client-side navigation is checked like a page load.
import { error, redirect } from '@sveltejs/kit';
import { decide, viewerFrom, type Portal } from '$lib/auth';

export function guardPortal(portal: Portal, locals: App.Locals, url: URL) {
	const decision = decide(url.pathname, url.search, locals.role);
	if (decision.kind === 'redirect') redirect(303, decision.location);
	if (decision.kind === 'forbidden') error(403, decision.message);
	if (!locals.claims || !locals.role) redirect(303, '/login');
	return { portal, viewer: viewerFrom(locals.claims, locals.role) };
}
