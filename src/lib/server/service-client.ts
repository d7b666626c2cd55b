// The service-role client: bypasses RLS, so it is used only for Auth admin work (invites), only on
// the server, and only after the caller's admin role was checked from their verified token.
import { error } from '@sveltejs/kit';
import { createClient } from '@supabase/supabase-js';
import { env } from '$env/dynamic/private';
import { publicSupabaseEnv } from '$lib/supabase';
import { serverRealtime } from './server-realtime';

export function requireAdmin(locals: App.Locals): void {
	if (locals.role !== 'admin') error(403, 'Only admins may do this.');
}

export function serviceClient(locals: App.Locals) {
	requireAdmin(locals);
	const key = env.SUPABASE_SECRET_KEY || env.SUPABASE_SERVICE_ROLE_KEY;
	if (!key) {
		error(
			503,
			'Invitations need SUPABASE_SERVICE_ROLE_KEY (or SUPABASE_SECRET_KEY) on the server.'
		);
	}
	return createClient(publicSupabaseEnv().url, key, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: serverRealtime
	});
}
