// Sign-in lockouts as admins see them: the accounts the password verification hook has locked
// (supabase/migrations/*_sign_in_lockouts.sql), and unlocking one. Both RPCs check the admin role in
// the database; this runs them as the signed-in admin.
import type { AppSupabaseClient } from '$lib/supabase';
import type { Database } from '$lib/supabase/database.types';

export type Lockout = Database['public']['Functions']['admin_sign_in_lockouts']['Returns'][number];

export async function listLockouts(supabase: AppSupabaseClient): Promise<Lockout[]> {
	const { data, error } = await supabase.rpc('admin_sign_in_lockouts');
	if (error) throw new Error(`listing sign-in lockouts failed: ${error.message}`);
	return data;
}

/** True when the account was locked (or had failures counted) and no longer is. */
export async function clearLockout(supabase: AppSupabaseClient, userId: string): Promise<boolean> {
	const { data, error } = await supabase.rpc('admin_clear_sign_in_lockout', { target: userId });
	if (error) throw new Error(`clearing a sign-in lockout failed: ${error.message}`);
	return data;
}
