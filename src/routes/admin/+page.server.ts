import { authErrorMessage, authErrorStatus, inviteForm } from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { staffAvailability } from '$lib/server/admin/agents-online';
import { latestAudit } from '$lib/server/admin/audit';
import { recordInvitation, withdrawInvitation } from '$lib/server/invitations';
import { clearLockout, listLockouts } from '$lib/server/lockouts';
import { serviceClient } from '$lib/server/service-client';
import { countByStatus } from '$lib/server/tickets';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

const unlockForm = z.object({ user_id: z.uuid({ error: 'Choose an account to unlock.' }) });

export const load: PageServerLoad = async ({ locals, depends }) => {
	depends(feedDependency('tickets'), feedDependency('agent-status'));
	const [counts, lockouts, recentChanges, staff] = await Promise.all([
		countByStatus(locals.supabase),
		listLockouts(locals.supabase),
		latestAudit(locals.supabase, 10),
		staffAvailability(locals.supabase)
	]);
	return { counts, lockouts, recentChanges, staff };
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
	},

	unlock: async ({ request, locals }) => {
		const result = formResult('unlock');
		const parsed = parseForm(unlockForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { user_id } = parsed.data;
		const locked = (await listLockouts(locals.supabase)).find((l) => l.user_id === user_id);
		if (!(await clearLockout(locals.supabase, user_id)) || !locked) {
			return result.fail(404, 'That account is not locked any more.');
		}
		return result.ok({ unlocked: locked.email });
	}
};
