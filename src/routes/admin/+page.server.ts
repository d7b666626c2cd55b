import { fail } from '@sveltejs/kit';
import { authErrorMessage, authErrorStatus, inviteForm, staffMfaForm } from '$lib/auth';
import { formFailure, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { requireAdmin, serviceClient } from '$lib/server/service-client';
import { forgetWorkspaceSettings } from '$lib/server/workspace-settings';
import { countByStatus } from '$lib/tickets/queries';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
	depends(feedDependency('tickets'));
	const [counts, settings] = await Promise.all([
		countByStatus(locals.supabase),
		locals.supabase.from('app_settings').select('require_staff_mfa').single()
	]);
	return { counts, requireStaffMfa: settings.data?.require_staff_mfa ?? false };
};

export const actions: Actions = {
	security: async ({ request, locals }) => {
		requireAdmin(locals);
		const parsed = parseForm(staffMfaForm, await request.formData());
		if (!parsed.ok) return fail(400, { form: 'security' as const, ...parsed });
		const { data, error } = await locals.supabase
			.from('app_settings')
			.update(parsed.data)
			.eq('id', true)
			.select('require_staff_mfa');
		forgetWorkspaceSettings();
		// The policies refuse the change (no row comes back) to an admin who has not used their own
		// second factor while it is required.
		if (error || data.length === 0) {
			return fail(403, {
				form: 'security' as const,
				...formFailure('Confirm it is you with your authenticator app first, then try again.')
			});
		}
		return { form: 'security' as const, saved: data[0].require_staff_mfa };
	},

	invite: async ({ request, locals, url }) => {
		const admin = serviceClient(locals);
		const parsed = parseForm(inviteForm, await request.formData());
		if (!parsed.ok) return fail(400, parsed);
		const { email, role } = parsed.data;

		// The role is recorded first, as the admin (RLS checks that), so the database applies it
		// when the Auth server creates the invited account; it never travels in user metadata.
		const recorded = await locals.supabase
			.from('invitations')
			.insert({ email, role })
			.select('id')
			.single();
		if (recorded.error) {
			console.error('recording an invitation failed:', recorded.error.message);
			return fail(403, formFailure('Could not record the invitation.', { email, role }));
		}
		const { error } = await admin.auth.admin.inviteUserByEmail(email, { redirectTo: url.origin });
		if (error) {
			await locals.supabase.from('invitations').delete().eq('id', recorded.data.id);
			const message =
				error.code === 'email_exists'
					? 'That person already has an account.'
					: authErrorMessage(error);
			return fail(authErrorStatus(error), formFailure(message, { email, role }));
		}
		return { invited: email };
	}
};
