// Security headers on every response: the Content-Security-Policy SvelteKit writes (svelte.config.js,
// with a nonce for its own scripts and app.html's theme script) widened at run time to the Supabase project this process talks
// to, so one build serves any project; and the headers no page should go without.
import type { Handle } from '@sveltejs/kit';
import { publicSupabaseEnv } from '$lib/supabase/env';

export const staticSecurityHeaders: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
};

/** A signed-in person's pages and data are theirs alone: never stored by a browser or a proxy. */
export const signedInCacheControl = 'private, no-store';

/** What a Supabase project URL adds to the policy: its API and socket, and its storage images. */
export function supabaseSources(supabaseUrl: string): Record<string, string[]> {
	const api = new URL(supabaseUrl);
	const socket = new URL(api.origin);
	socket.protocol = api.protocol === 'https:' ? 'wss:' : 'ws:';
	return { 'connect-src': [api.origin, socket.origin], 'img-src': [api.origin] };
}

/** `policy` with `additions` appended to its directives (a directive it lacks is left out). */
export function widenPolicy(policy: string, additions: Record<string, string[]>): string {
	return policy
		.split(';')
		.map((directive) => directive.trim())
		.filter(Boolean)
		.map((directive) => {
			const [name, ...sources] = directive.split(/\s+/);
			const extra = (additions[name] ?? []).filter((source) => !sources.includes(source));
			return [name, ...sources, ...extra].join(' ');
		})
		.join('; ');
}

/** `response`, or a copy of it when its headers are read-only (a `fetch` result passed through). */
function withMutableHeaders(response: Response): Response {
	try {
		response.headers.set('x-content-type-options', 'nosniff');
		return response;
	} catch {
		return new Response(response.body, response);
	}
}

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = withMutableHeaders(await resolve(event));
	const headers = response.headers;
	for (const [name, value] of Object.entries(staticSecurityHeaders)) headers.set(name, value);
	const policy = headers.get('content-security-policy');
	if (policy) {
		headers.set(
			'content-security-policy',
			widenPolicy(policy, supabaseSources(publicSupabaseEnv().url))
		);
	}
	if (event.locals.claims) headers.set('cache-control', signedInCacheControl);
	return response;
};
