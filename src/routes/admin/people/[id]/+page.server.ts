import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { personForm } from '$lib/admin/forms';
import { authErrorMessage } from '$lib/auth';
import { formResult, parseForm } from '$lib/forms';
import { recentAuditForTarget } from '$lib/server/admin/audit';
import { databaseMessage } from '$lib/server/admin/database-errors';
import {
	listTeamNames,
	loadPerson,
	permanentBan,
	personMembershipsQuery,
	setPersonActive,
	updatePerson
} from '$lib/server/admin/people';
import { serviceClient } from '$lib/server/service-client';
import type { Actions, PageServerLoad } from './$types';

const personId = (id: string) => {
	const parsed = z.uuid().safeParse(id);
	if (!parsed.success) error(404, 'There is no such person.');
	return parsed.data;
};

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = personId(params.id);
	const [person, teams, memberships, history] = await Promise.all([
		loadPerson(locals.supabase, id),
		listTeamNames(locals.supabase),
		personMembershipsQuery(locals.supabase, id),
		recentAuditForTarget(locals.supabase, 'profiles', id)
	]);
	return {
		person,
		teams,
		memberships: memberships.data ?? [],
		history,
		isSelf: id === locals.claims?.sub
	};
};

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const result = formResult('save');
		const id = personId(params.id);
		const parsed = parseForm(personForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { confirm_self, ...changes } = parsed.data;
		const values = { ...changes, team_id: changes.team_id ?? '' };
		if (id === locals.claims?.sub && changes.role !== 'admin' && !confirm_self) {
			return result.fail(
				400,
				'You are about to remove your own admin access. Confirm it to go on.',
				values
			);
		}
		const { data, error: failure } = await updatePerson(locals.supabase, id, changes);
		if (failure) return result.fail(400, databaseMessage(failure), values);
		if (!data) error(404, 'There is no such person.');
		return result.ok({ saved: true });
	},

	deactivate: async ({ locals, params }) => {
		const result = formResult('status');
		const id = personId(params.id);
		const admin = serviceClient(locals);
		const { error: failure } = await setPersonActive(locals.supabase, id, false);
		if (failure) return result.fail(failure.code === 'P0002' ? 404 : 400, databaseMessage(failure));
		// Sessions ended in the database; the ban stops new sign-ins until reactivated.
		const ban = await admin.auth.admin.updateUserById(id, { ban_duration: permanentBan });
		if (ban.error) {
			await setPersonActive(locals.supabase, id, true);
			return result.fail(502, `Could not deactivate: ${authErrorMessage(ban.error)}`);
		}
		return result.ok({ active: false });
	},

	reactivate: async ({ locals, params }) => {
		const result = formResult('status');
		const id = personId(params.id);
		const admin = serviceClient(locals);
		// The database decides first (admin, second factor where required); only then is the ban lifted.
		const { error: failure } = await setPersonActive(locals.supabase, id, true);
		if (failure) return result.fail(failure.code === 'P0002' ? 404 : 400, databaseMessage(failure));
		const ban = await admin.auth.admin.updateUserById(id, { ban_duration: 'none' });
		if (ban.error) {
			await setPersonActive(locals.supabase, id, false);
			return result.fail(502, `Could not reactivate: ${authErrorMessage(ban.error)}`);
		}
		return result.ok({ active: true });
	},

	resend: async ({ locals, params, url }) => {
		const result = formResult('invitation');
		const id = personId(params.id);
		const admin = serviceClient(locals);
		const person = await loadPerson(locals.supabase, id);
		if (person.status !== 'invited') return result.fail(409, 'This person has already signed in.');
		const { error: failure } = await admin.auth.admin.inviteUserByEmail(person.email, {
			redirectTo: url.origin
		});
		if (failure) return result.fail(400, authErrorMessage(failure));
		return result.ok({ resent: person.email });
	},

	revoke: async ({ locals, params }) => {
		const result = formResult('invitation');
		const id = personId(params.id);
		const admin = serviceClient(locals);
		const person = await loadPerson(locals.supabase, id);
		if (person.status !== 'invited') {
			return result.fail(409, 'This person has already signed in: deactivate them instead.');
		}
		await locals.supabase.from('invitations').delete().eq('user_id', id);
		// The invited account goes too, so its link no longer signs anyone in.
		const { error: failure } = await admin.auth.admin.deleteUser(id);
		if (failure) return result.fail(502, authErrorMessage(failure));
		redirect(303, '/admin/people');
	}
};
