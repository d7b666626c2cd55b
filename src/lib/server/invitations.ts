// Invitations recorded by an admin under their own JWT (RLS checks the role), so the database gives
// the invited account its role when the Auth server creates it.
import type { AppSupabaseClient, TablesInsert } from '$lib/supabase';

export const recordInvitation = (
	supabase: AppSupabaseClient,
	invitation: Pick<TablesInsert<'invitations'>, 'email' | 'role'>
) => supabase.from('invitations').insert(invitation).select('id').single();

/** Takes back an invitation the Auth server refused to send. */
export const withdrawInvitation = (supabase: AppSupabaseClient, id: string) =>
	supabase.from('invitations').delete().eq('id', id);
