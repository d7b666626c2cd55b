import { createChunks, createServerClient, stringToBase64URL } from '@supabase/ssr';
import { describe, expect, it, vi } from 'vitest';
import { serverRealtime } from './server-realtime';
import { sessionCookieDecoder } from './session-cookies';

const name = 'sb-127-auth-token';
const now = () => Math.floor(Date.now() / 1000);

/** A session as auth-js stores it, with a name outside ASCII and, `padding` long, chunks. */
function sessionJson(padding = 0) {
	return JSON.stringify({
		access_token: 'header.payload.signature',
		refresh_token: 'refresh',
		token_type: 'bearer',
		expires_in: 3600,
		expires_at: now() + 3600,
		user: {
			id: 'u-1',
			user_metadata: { full_name: 'Zoë Łukasiewicz 🦊', note: 'x'.repeat(padding) }
		}
	});
}

/** The cookies @supabase/ssr writes for a value. */
const cookiesOf = (json: string) => createChunks(name, `base64-${stringToBase64URL(json)}`);

/** The session @supabase/ssr reads from the cookies `getAll` gives it (warning about its user). */
async function readSession(getAll: () => { name: string; value: string }[]) {
	vi.spyOn(console, 'warn').mockImplementation(() => {});
	const client = createServerClient('http://127.0.0.1:1', 'key', {
		realtime: serverRealtime,
		cookieOptions: { name },
		cookies: { getAll, setAll: () => {} }
	});
	const { data } = await client.auth.getSession();
	// A plain copy: reading the session's user later would warn again.
	const session = data.session && (JSON.parse(JSON.stringify(data.session)) as typeof data.session);
	vi.mocked(console.warn).mockRestore();
	return session;
}

describe('sessionCookieDecoder', () => {
	it('gives @supabase/ssr the same session as the encoded cookies, whole or in chunks', async () => {
		for (const json of [sessionJson(), sessionJson(6000)]) {
			const cookies = [{ name: 'theme', value: 'dark' }, ...cookiesOf(json)];
			const decoded = sessionCookieDecoder()(cookies);
			expect(await readSession(() => decoded)).toEqual(await readSession(() => cookies));
			expect(await readSession(() => decoded)).toMatchObject({ user: JSON.parse(json).user });
		}
	});

	it('keeps every cookie name, so a write still clears stale chunks', () => {
		const json = sessionJson(6000);
		const cookies = cookiesOf(json);
		expect(cookies.length).toBeGreaterThan(1);
		const decoded = sessionCookieDecoder()(cookies);
		expect(decoded.map((cookie) => cookie.name)).toEqual(cookies.map((cookie) => cookie.name));
		expect(decoded[0].value).toBe(json);
		expect(decoded.slice(1).every((cookie) => cookie.value === '')).toBe(true);
	});

	it('decodes a value once however often the session is read', () => {
		const decode = sessionCookieDecoder();
		const cookies = cookiesOf(sessionJson());
		const from = vi.spyOn(Buffer, 'from');
		try {
			for (let read = 0; read < 5; read += 1) decode(cookies);
			expect(from).toHaveBeenCalledTimes(1);
		} finally {
			from.mockRestore();
		}
	});

	it('leaves values it cannot decode to @supabase/ssr, which treats them as absent', async () => {
		const chunks = cookiesOf(sessionJson(6000));
		const broken = [
			[{ name, value: 'base64-not*base64' }],
			[{ name, value: `base64-${stringToBase64URL('{"access_token":')}` }],
			[{ name, value: `base64-${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}` }],
			// A chunk from another write: the whole no longer decodes to JSON.
			[chunks[0], { name: chunks[1].name, value: cookiesOf(sessionJson(6000))[1].value.slice(5) }]
		];
		for (const cookies of broken) {
			expect(sessionCookieDecoder()(cookies)).toEqual(cookies);
			expect(await readSession(() => sessionCookieDecoder()(cookies))).toBeNull();
		}
	});

	it('leaves other cookies as they are', () => {
		const cookies = [
			{ name: 'theme', value: 'dark' },
			{ name: `${name}-code-verifier`, value: 'plain' }
		];
		expect(sessionCookieDecoder()(cookies)).toBe(cookies);
	});
});
