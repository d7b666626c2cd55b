// The signed-in person's role as the database has it now, which may be newer than their token's.
import type { AppSupabaseClient } from '$lib/supabase';

export const ownRoleQuery = (supabase: AppSupabaseClient, userId: string) =>
	supabase.from('profiles').select('role').eq('id', userId).maybeSingle();
