import { authErrorMessage, authErrorStatus } from '$lib/auth';
import { invitePersonForm, peopleFilters, searchParamsObject } from '$lib/admin/forms';
import { formResult, parseForm } from '$lib/forms';
import { listPeople, listTeamNames } from '$lib/server/admin/people';
import { serviceClient } from '$lib/server/service-client';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const filters = peopleFilters.parse(searchParamsObject(url.searchParams));
	const [{ people, total }, teams] = await Promise.all([
		listPeople(locals.supabase, filters),
		listTeamNames(locals.supabase)
	]);
	return { filters, people, total, teams };
};

export const actions: Actions = {
	invite: async ({ request, locals, url }) => {
		const result = formResult('invite');
		const admin = serviceClient(locals);
		const parsed = parseForm(invitePersonForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { email, full_name, role, team_id } = parsed.data;
		const values = { email, full_name, role, team_id: team_id ?? '' };

		const existing = await locals.supabase
			.from('profiles')
			.select('id')
			.eq('email', email)
			.maybeSingle();
		if (existing.data) return result.fail(409, 'That person already has an account.', values);

		// The role is recorded first, as the admin (RLS checks that), so the database applies it
		// when the Auth server creates the invited account; it never travels in user metadata.
		const recorded = await locals.supabase
			.from('invitations')
			.insert({ email, role, team_id })
			.select('id')
			.single();
		if (recorded.error) {
			console.error('recording an invitation failed:', recorded.error.message);
			return result.fail(403, 'Could not record the invitation.', values);
		}
		const { error } = await admin.auth.admin.inviteUserByEmail(email, {
			redirectTo: url.origin,
			data: { full_name }
		});
		if (error) {
			await locals.supabase.from('invitations').delete().eq('id', recorded.data.id);
			const message =
				error.code === 'email_exists'
					? 'That person already has an account.'
					: authErrorMessage(error);
			return result.fail(authErrorStatus(error), message, values);
		}
		return result.ok({ invited: email });
	}
};
