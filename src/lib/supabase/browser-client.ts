// The tab's one Supabase client (createBrowserClient caches it), hence the tab's one realtime socket.
import { createBrowserClient } from '@supabase/ssr';
import { publicSupabaseEnv } from './env';
import type { AppSupabaseClient, Database } from './types';

export function browserClient(): AppSupabaseClient {
	const { url, key } = publicSupabaseEnv();
	return createBrowserClient<Database>(url, key);
}
