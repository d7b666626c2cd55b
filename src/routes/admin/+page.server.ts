import { authErrorMessage, authErrorStatus, inviteForm } from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { latestAudit } from '$lib/server/admin/audit';
import { recordInvitation, withdrawInvitation } from '$lib/server/invitations';
import { serviceClient } from '$lib/server/service-client';
import { countByStatus } from '$lib/server/tickets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
	depends(feedDependency('tickets'));
	const [counts, recentChanges] = await Promise.all([
		countByStatus(locals.supabase),
		latestAudit(locals.supabase, 10)
	]);
	return { counts, recentChanges };
};

export const actions: Actions = {
	invite: async ({ request, locals, url }) => {
		const result = formResult('invite');
		const admin = serviceClient(locals);
		const parsed = parseForm(inviteForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { email, role } = parsed.data;

		// The role is recorded first, as the admin (RLS checks that), so the database applies it
		// when the Auth server creates the invited account; it never travels in user metadata.
		const recorded = await recordInvitation(locals.supabase, { email, role });
		if (recorded.error) {
			console.error('recording an invitation failed:', recorded.error.message);
			return result.fail(403, 'Could not record the invitation.', { email, role });
		}
		const { error } = await admin.auth.admin.inviteUserByEmail(email, { redirectTo: url.origin });
		if (error) {
			await withdrawInvitation(locals.supabase, recorded.data.id);
			const message =
				error.code === 'email_exists'
					? 'That person already has an account.'
					: authErrorMessage(error);
			return result.fail(authErrorStatus(error), message, { email, role });
		}
		return result.ok({ invited: email });
	}
};
