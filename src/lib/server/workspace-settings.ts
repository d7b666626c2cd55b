// The workspace settings row (public.app_settings), read by every signed-in person and changed by
// admins (RLS decides). The guard keeps what it read for a few seconds: the row is the same for
// everyone and rarely changes, the database enforces it the moment it changes, and the action that
// changes it forgets the copy, so only other server processes may lag, by at most `ttlMs`.
import type { AppSupabaseClient } from '$lib/supabase';

export const readWorkspaceSettings = (supabase: AppSupabaseClient) =>
	supabase.from('app_settings').select('require_staff_mfa').maybeSingle();

/**
 * Turns the staff two-factor requirement on or off; answers the row as it now is, or no row when
 * the policies refuse the change.
 */
export const setStaffMfaRequired = (supabase: AppSupabaseClient, required: boolean) =>
	supabase
		.from('app_settings')
		.update({ require_staff_mfa: required })
		.eq('id', true)
		.select('require_staff_mfa');

const ttlMs = 5_000;

let kept: { requireStaffMfa: boolean; at: number } | undefined;

/** Whether agents and admins must sign in with a second factor (false when it cannot be read). */
export async function staffMfaRequired(supabase: AppSupabaseClient): Promise<boolean> {
	if (kept && Date.now() - kept.at < ttlMs) return kept.requireStaffMfa;
	const { data, error } = await readWorkspaceSettings(supabase);
	// The policies hold whatever is decided here; an unreadable row only skips the redirect.
	if (error || !data) return false;
	kept = { requireStaffMfa: data.require_staff_mfa, at: Date.now() };
	return data.require_staff_mfa;
}

/** Drops the kept copy, after this process changed the row. */
export function forgetWorkspaceSettings(): void {
	kept = undefined;
}
