// One Supabase client per server request, reading and writing the session cookies through SvelteKit.
import { createServerClient } from '@supabase/ssr';
import type { RequestEvent } from '@sveltejs/kit';
import { publicSupabaseEnv, type AppSupabaseClient, type Database } from '$lib/supabase';
import { serverRealtime } from './server-realtime';
import { sessionCookieDecoder } from './session-cookies';

export function createRequestClient(
	event: Pick<RequestEvent, 'cookies' | 'setHeaders'>
): AppSupabaseClient {
	const { url, key } = publicSupabaseEnv();
	const headersSet = new Set<string>();
	const decodedSession = sessionCookieDecoder();
	return createServerClient<Database>(url, key, {
		realtime: serverRealtime,
		cookies: {
			// Every auth read (getClaims, each REST call) reads the session cookies again.
			getAll: () => decodedSession(event.cookies.getAll()),
			setAll: (cookies, headers) => {
				for (const { name, value, options } of cookies) {
					event.cookies.set(name, value, { ...options, path: '/' });
				}
				// A response that sets a session cookie must never be cached for someone else.
				// SvelteKit refuses a header set twice, and a refresh may be followed by a sign-out.
				const fresh = Object.entries(headers).filter(([name]) => !headersSet.has(name));
				for (const [name] of fresh) headersSet.add(name);
				if (fresh.length > 0) event.setHeaders(Object.fromEntries(fresh));
			}
		}
	});
}
