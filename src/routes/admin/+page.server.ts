import { fail } from '@sveltejs/kit';
import { authErrorMessage, authErrorStatus, inviteForm } from '$lib/auth';
import { formFailure, parseForm } from '$lib/forms';
import { feedDependency } from '$lib/realtime';
import { clearLockout, listLockouts } from '$lib/server/lockouts';
import { serviceClient } from '$lib/server/service-client';
import { countByStatus } from '$lib/tickets/queries';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

const unlockForm = z.object({ user_id: z.uuid({ error: 'Choose an account to unlock.' }) });

export const load: PageServerLoad = async ({ locals, depends }) => {
	depends(feedDependency('tickets'));
	const [counts, lockouts] = await Promise.all([
		countByStatus(locals.supabase),
		listLockouts(locals.supabase)
	]);
	return { counts, lockouts };
};

export const actions: Actions = {
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
	},
	unlock: async ({ request, locals }) => {
		const parsed = parseForm(unlockForm, await request.formData());
		if (!parsed.ok) return fail(400, { form: 'unlock' as const, ...parsed });
		const { user_id } = parsed.data;
		const locked = (await listLockouts(locals.supabase)).find((l) => l.user_id === user_id);
		if (!(await clearLockout(locals.supabase, user_id)) || !locked) {
			return fail(404, {
				form: 'unlock' as const,
				...formFailure('That account is not locked any more.')
			});
		}
		return { form: 'unlock' as const, unlocked: locked.email };
	}
};
