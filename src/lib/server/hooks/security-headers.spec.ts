import { describe, expect, it, vi } from 'vitest';
import {
	securityHeaders,
	signedInCacheControl,
	staticSecurityHeaders,
	supabaseSources,
	widenPolicy
} from './security-headers';
import { testEvent, testResolve } from './test-event';
import type { AppClaims } from '$lib/auth';

vi.mock('$env/dynamic/public', () => ({
	env: { PUBLIC_SUPABASE_URL: 'https://project.example', PUBLIC_SUPABASE_ANON_KEY: 'anon' }
}));

const kitPolicy =
	"default-src 'self'; script-src 'self' 'nonce-kit'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

describe('the content security policy', () => {
	it('reaches the Supabase project named at run time, over HTTP and its socket', () => {
		expect(supabaseSources('http://127.0.0.1:54321')).toEqual({
			'connect-src': ['http://127.0.0.1:54321', 'ws://127.0.0.1:54321'],
			'img-src': ['http://127.0.0.1:54321']
		});
		expect(supabaseSources('https://abc.supabase.co/')).toEqual({
			'connect-src': ['https://abc.supabase.co', 'wss://abc.supabase.co'],
			'img-src': ['https://abc.supabase.co']
		});
	});

	it('adds sources to the directives SvelteKit wrote, and no directive of its own', () => {
		expect(
			widenPolicy(kitPolicy, {
				'connect-src': ['https://x.test', 'wss://x.test'],
				'img-src': ['https://x.test'],
				'worker-src': ['https://x.test']
			})
		).toBe(
			"default-src 'self'; script-src 'self' 'nonce-kit'; connect-src 'self' https://x.test wss://x.test; img-src 'self' data: https://x.test; frame-ancestors 'none'"
		);
	});
});

describe('the security headers hook', () => {
	const page = () =>
		new Response('<html></html>', {
			headers: { 'content-type': 'text/html', 'content-security-policy': kitPolicy }
		});

	it('sends nosniff, the referrer policy and the permissions policy on every response', async () => {
		const { resolve } = testResolve(() => Response.json({ ok: true }));
		const response = await securityHeaders({ event: testEvent({ path: '/x' }), resolve });
		for (const [name, value] of Object.entries(staticSecurityHeaders)) {
			expect(response.headers.get(name)).toBe(value);
		}
		expect(response.headers.get('content-security-policy')).toBeNull();
	});

	it("widens the page's policy to the project, keeping SvelteKit's nonce", async () => {
		const event = testEvent({ path: '/login' });
		const { resolve } = testResolve(page);
		const response = await securityHeaders({ event, resolve });
		expect(response.headers.get('content-security-policy')).toBe(
			"default-src 'self'; " +
				"script-src 'self' 'nonce-kit'; " +
				"connect-src 'self' https://project.example wss://project.example; " +
				"img-src 'self' data: https://project.example; " +
				"frame-ancestors 'none'"
		);
	});

	it('keeps signed-in pages out of every cache, and leaves public pages alone', async () => {
		const claims = { sub: 'u1', role: 'authenticated' } as AppClaims;
		for (const [signedIn, expected] of [
			[true, signedInCacheControl],
			[false, null]
		] as const) {
			const event = testEvent({ path: '/client' });
			const resolve = async () => {
				event.locals.claims = signedIn ? claims : null;
				return page();
			};
			const response = await securityHeaders({ event, resolve });
			expect(response.headers.get('cache-control')).toBe(expected);
		}
	});

	it('copies a response whose headers cannot be changed rather than failing', async () => {
		const frozen = () => Response.redirect('http://app.test/elsewhere', 302);
		const response = await securityHeaders({
			event: testEvent({ path: '/x' }),
			resolve: testResolve(frozen).resolve
		});
		expect(response.status).toBe(302);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	});
});
