import { redirect } from '@sveltejs/kit';
import { teamForm } from '$lib/admin/forms';
import { formResult, parseForm } from '$lib/forms';
import { databaseMessage } from '$lib/server/admin/database-errors';
import { listTeams } from '$lib/server/admin/teams';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	teams: await listTeams(locals.supabase)
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const result = formResult('create');
		const parsed = parseForm(teamForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('teams')
			.insert(parsed.data)
			.select('id')
			.single();
		if (error) {
			const message =
				error.code === '23505'
					? `There is already a team named “${parsed.data.name}”.`
					: databaseMessage(error);
			return result.fail(400, message, { ...parsed.data });
		}
		redirect(303, `/admin/teams/${data.id}`);
	}
};
