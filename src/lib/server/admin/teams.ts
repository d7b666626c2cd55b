// Teams and their members, read and changed under the admin's JWT: RLS admits admins only, and
// the database validates members (agents and admins), cleans skills and writes the audit rows.
import { error } from '@sveltejs/kit';
import type { AppSupabaseClient } from '$lib/supabase';

export const teamsOverviewQuery = (supabase: AppSupabaseClient) =>
	supabase
		.from('teams')
		.select('id, name, description, routing_mode, members:team_members(agent_id, skills)')
		.order('name');

export async function listTeams(supabase: AppSupabaseClient) {
	const { data, error: failure } = await teamsOverviewQuery(supabase);
	if (failure) error(500, 'Could not load teams.');
	return data;
}

export const teamQuery = (supabase: AppSupabaseClient, id: string) =>
	supabase
		.from('teams')
		.select(
			'id, name, description, routing_mode, members:team_members(agent_id, skills, created_at, agent:profiles(id, full_name, email, role))'
		)
		.eq('id', id)
		.maybeSingle();

export async function loadTeam(supabase: AppSupabaseClient, id: string) {
	const { data, error: failure } = await teamQuery(supabase, id);
	if (failure) error(500, 'Could not load this team.');
	if (!data) error(404, 'There is no such team.');
	return data;
}

/** Agents and admins, who may join teams. */
export const staffQuery = (supabase: AppSupabaseClient) =>
	supabase
		.from('profiles')
		.select('id, full_name, email')
		.in('role', ['agent', 'admin'])
		.is('deactivated_at', null)
		.order('full_name');
