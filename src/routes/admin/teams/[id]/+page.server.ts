import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { memberForm, skillList, teamForm } from '$lib/admin/forms';
import { formResult, parseForm } from '$lib/forms';
import { databaseMessage } from '$lib/server/admin/database-errors';
import { loadTeam, staffQuery } from '$lib/server/admin/teams';
import type { Actions, PageServerLoad } from './$types';

const teamId = (id: string) => {
	const parsed = z.uuid().safeParse(id);
	if (!parsed.success) error(404, 'There is no such team.');
	return parsed.data;
};

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = teamId(params.id);
	const [team, staff] = await Promise.all([
		loadTeam(locals.supabase, id),
		staffQuery(locals.supabase)
	]);
	return { team, staff: staff.data ?? [] };
};

const skillsForm = z.object({ agent_id: z.uuid(), skills: skillList });
const removeForm = z.object({ agent_id: z.uuid() });

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const result = formResult('save');
		const id = teamId(params.id);
		const parsed = parseForm(teamForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { error: failure } = await locals.supabase.from('teams').update(parsed.data).eq('id', id);
		if (failure) {
			const message =
				failure.code === '23505'
					? `There is already a team named “${parsed.data.name}”.`
					: databaseMessage(failure);
			return result.fail(400, message, { ...parsed.data });
		}
		return result.ok();
	},

	delete: async ({ locals, params }) => {
		const result = formResult('delete');
		const id = teamId(params.id);
		const { error: failure } = await locals.supabase.from('teams').delete().eq('id', id);
		if (failure) return result.fail(400, databaseMessage(failure));
		redirect(303, '/admin/teams');
	},

	add: async ({ request, locals, params }) => {
		const result = formResult('add');
		const id = teamId(params.id);
		const parsed = parseForm(memberForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { error: failure } = await locals.supabase
			.from('team_members')
			.insert({ team_id: id, ...parsed.data });
		if (failure) {
			const message =
				failure.code === '23505' ? 'They are already in this team.' : databaseMessage(failure);
			return result.fail(400, message);
		}
		return result.ok();
	},

	skills: async ({ request, locals, params }) => {
		const result = formResult('skills');
		const id = teamId(params.id);
		const parsed = parseForm(skillsForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { error: failure } = await locals.supabase
			.from('team_members')
			.update({ skills: parsed.data.skills })
			.eq('team_id', id)
			.eq('agent_id', parsed.data.agent_id);
		if (failure) return result.fail(400, databaseMessage(failure));
		return result.ok({ agent: parsed.data.agent_id });
	},

	remove: async ({ request, locals, params }) => {
		const result = formResult('remove');
		const id = teamId(params.id);
		const parsed = parseForm(removeForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { error: failure } = await locals.supabase
			.from('team_members')
			.delete()
			.eq('team_id', id)
			.eq('agent_id', parsed.data.agent_id);
		if (failure) return result.fail(400, databaseMessage(failure));
		return result.ok();
	}
};
