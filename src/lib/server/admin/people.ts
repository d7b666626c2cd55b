// People management for admins. Reads and profile changes run under the admin's JWT (the database
// checks the role, keeps an admin, and writes the audit rows); only the Auth server's own work
// (invitations, bans, removing an invited account) goes through the service-role client.
import { error } from '@sveltejs/kit';
import type { PeopleFilters } from '$lib/admin/forms';
import { pageSize } from '$lib/admin/forms';
import type { AppSupabaseClient } from '$lib/supabase';
import { failedLoad } from './database-errors';

/** Long enough to mean "until reactivated" (GoTrue takes a Go duration). */
export const permanentBan = '876000h';

export const peopleQuery = (supabase: AppSupabaseClient, filters: PeopleFilters) =>
	supabase.rpc('admin_people', {
		search: filters.q,
		role_filter: filters.role,
		status_filter: filters.status,
		team_filter: filters.team,
		page_size: pageSize,
		page_offset: (filters.page - 1) * pageSize
	});

export async function listPeople(supabase: AppSupabaseClient, filters: PeopleFilters) {
	const { data, error: failure } = await peopleQuery(supabase, filters);
	if (failure)
		failedLoad(failure, 'Could not load people. Try again in a moment.', 'listing people');
	return { people: data, total: data[0]?.total ?? 0 };
}

export const teamsQuery = (supabase: AppSupabaseClient) =>
	supabase.from('teams').select('id, name').order('name');

export async function listTeamNames(supabase: AppSupabaseClient) {
	const { data, error: failure } = await teamsQuery(supabase);
	if (failure) error(500, 'Could not load teams.');
	return data;
}

export const personQuery = (supabase: AppSupabaseClient, id: string) =>
	supabase.rpc('admin_people', { person: id, page_size: 1 }).maybeSingle();

export async function loadPerson(supabase: AppSupabaseClient, id: string) {
	const { data, error: failure } = await personQuery(supabase, id);
	if (failure) failedLoad(failure, 'Could not load this person.', 'loading a person');
	if (!data) error(404, 'There is no such person.');
	return data;
}

export const personMembershipsQuery = (supabase: AppSupabaseClient, id: string) =>
	supabase
		.from('team_members')
		.select('skills, team:teams(id, name)')
		.eq('agent_id', id)
		.order('created_at');

export const updatePerson = (
	supabase: AppSupabaseClient,
	id: string,
	changes: { full_name: string; role: 'client' | 'agent' | 'admin'; team_id: string | null }
) => supabase.from('profiles').update(changes).eq('id', id).select('id').maybeSingle();

export const setPersonActive = (supabase: AppSupabaseClient, id: string, active: boolean) =>
	supabase.rpc('set_person_active', { person: id, active }).select('id').single();

/** "View as": the tickets `person` sees, read by the database as them (and audited there). */
export const viewAsTicketsQuery = (supabase: AppSupabaseClient, person: string) =>
	supabase
		.rpc('view_as_tickets', { person, max_rows: 100 })
		.select('id, subject, status, priority, updated_at');

/** "View as": one ticket's conversation as `person` sees it. */
export const viewAsActivitiesQuery = (
	supabase: AppSupabaseClient,
	person: string,
	ticket: number
) =>
	supabase
		.rpc('view_as_activities', { person, ticket })
		.select('id, kind, body, is_internal, created_at, author_id');
