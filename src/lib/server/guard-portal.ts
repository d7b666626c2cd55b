// The guard as every portal layout applies it, so client-side navigation is checked like a page load:
// the portal table, then two-factor sign-in where the person has a factor or staff must use one.
import { error, redirect } from '@sveltejs/kit';
import { decide, mfaLocation, mfaStep, unavailableMessage, type Portal } from '$lib/auth';
import { loadViewer } from './viewer';
import { staffMfaRequired } from './workspace-settings';

export async function guardPortal(portal: Portal, locals: App.Locals, url: URL) {
	if (locals.authUnavailable) error(503, unavailableMessage);
	const decision = decide(url.pathname, url.search, locals.role);
	if (decision.kind === 'redirect') redirect(303, decision.location);
	if (decision.kind === 'forbidden') error(403, decision.message);
	if (!locals.claims || !locals.role) redirect(303, '/login');
	const step = await mfaStep(locals.claims, locals.role, () => staffMfaRequired(locals.supabase));
	if (step !== 'none') redirect(303, mfaLocation(step, url.pathname + url.search));
	return { portal, viewer: await loadViewer(locals, locals.claims, locals.role) };
}
