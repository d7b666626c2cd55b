// Role switching and RLS: each request runs as the JWT's role with its claims and request settings,
// and a token that does not verify never runs anything.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, userA, userB, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

interface WhoAmI {
	role: string;
	uid: string | null;
	claims: Record<string, unknown>;
	method: string;
	path: string;
	headers: Record<string, string>;
	cookies: Record<string, string>;
	search_path: string;
	read_only: string;
	statement_timeout: string;
}

const noteIds = (data: unknown) => (data as { id: number }[]).map((n) => n.id);

describe('who a request runs as', () => {
	it('runs as anon with the anon key, its claims in request.jwt.claims', async () => {
		const { data } = await h.anon.rpc('whoami', {}, { get: true });
		const me = data as WhoAmI;
		expect(me.role).toBe('anon');
		expect(me.claims).toEqual({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 });
		expect(me.read_only).toBe('on');
	});

	it('runs as the role of a user JWT, with its sub as auth.uid()', async () => {
		const client = await h.as(userA, { email: 'a@example.com' });
		const { data } = await client.rpc('whoami');
		const me = data as WhoAmI;
		expect(me.role).toBe('authenticated');
		expect(me.uid).toBe(userA);
		expect(me.claims).toMatchObject({ sub: userA, role: 'authenticated', email: 'a@example.com' });
	});

	it('runs as anon when the token has no role claim', async () => {
		const client = h.withToken(await h.token({ role: undefined, sub: userA }));
		const { data } = await client.rpc('whoami');
		expect((data as WhoAmI).role).toBe('anon');
		expect((data as WhoAmI).claims.role).toBe('anon');
	});

	it('accepts the opaque publishable and secret keys as anon and service_role', async () => {
		const publishable = h.stack.client(h.stack.keys.publishable);
		expect(((await publishable.rpc('whoami')).data as WhoAmI).role).toBe('anon');
		const secret = h.stack.client(h.stack.keys.secret);
		expect(((await secret.rpc('whoami')).data as WhoAmI).role).toBe('service_role');
	});

	it('sets request.method, path, headers (lower-cased) and cookies, search_path and role settings', async () => {
		const response = await h.raw('/rpc/whoami', {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				'X-Trace-Id': 'trace-1',
				Cookie: 'theme=dark; session=abc'
			},
			body: '{}'
		});
		const me = (await response.json()) as WhoAmI;
		expect(me.method).toBe('POST');
		expect(me.path).toBe('/rpc/whoami');
		expect(me.headers['x-trace-id']).toBe('trace-1');
		expect(me.headers.cookie).toBeUndefined();
		expect(me.headers.apikey).toBeUndefined();
		expect(me.cookies).toEqual({ theme: 'dark', session: 'abc' });
		expect(me.search_path).toBe('"public", "public", "extensions"');
		expect(me.statement_timeout).toBe('3s');
		const user = await (await h.as(userA)).rpc('whoami');
		expect((user.data as WhoAmI).statement_timeout).toBe('8s');
	});
});

// The API keeps plans by request shape, statements prepared per role, verified tokens by their text
// and the settings statement prepared: none of them may answer one request with another's role,
// claims, rows or headers.
describe('caches never carry one request over to another', () => {
	const ids = async (client: SupabaseClient) =>
		noteIds((await client.from('notes').select('id').in('id', [1, 2, 3]).order('id')).data);

	it('answers one request shape by each role and claims, whichever came first', async () => {
		const a = await h.as(userA);
		const b = await h.as(userB);
		for (let round = 0; round < 2; round++) {
			expect(await ids(h.service)).toEqual([1, 2, 3]);
			expect(await ids(a)).toEqual([1, 2]);
			expect(await ids(h.anon)).toEqual([1]);
			expect(await ids(b)).toEqual([1, 3]);
		}
	});

	it('reads one row by key as each role, the same statement prepared for another', async () => {
		const a = await h.as(userA);
		const b = await h.as(userB);
		const one = (client: SupabaseClient) => client.from('notes').select('id').eq('id', 2);
		for (let round = 0; round < 2; round++) {
			expect((await one(a)).data).toEqual([{ id: 2 }]);
			expect((await one(b)).data).toEqual([]);
			expect((await one(h.anon)).data).toEqual([]);
			expect((await one(h.service)).data).toEqual([{ id: 2 }]);
			expect((await one(b).single()).status).toBe(406);
			expect((await one(a).single()).data).toEqual({ id: 2 });
		}
	});

	it('takes the role and claims from each token: one subject, two roles, two emails', async () => {
		const user = await h.as(userA, { email: 'a@example.com' });
		const anon = await h.as(userA, { role: 'anon' });
		const other = await h.as(userA, { email: 'other@example.com' });
		for (let round = 0; round < 2; round++) {
			const me = (await user.rpc('whoami')).data as WhoAmI;
			expect(me.role).toBe('authenticated');
			expect(me.claims.email).toBe('a@example.com');
			const asAnon = (await anon.rpc('whoami')).data as WhoAmI;
			expect(asAnon.role).toBe('anon');
			expect(asAnon.claims).toMatchObject({ sub: userA, role: 'anon' });
			expect(((await other.rpc('whoami')).data as WhoAmI).claims.email).toBe('other@example.com');
		}
	});

	it("sets each request's own method, path, headers and cookies under one token", async () => {
		const token = await h.token({ sub: userA });
		const whoami = async (trace: string, cookie: string, method: 'GET' | 'POST') =>
			(await (
				await h.raw('/rpc/whoami', {
					method,
					headers: {
						Authorization: `Bearer ${token}`,
						'Content-Type': 'application/json',
						'X-Trace-Id': trace,
						Cookie: cookie
					},
					...(method === 'POST' ? { body: '{}' } : {})
				})
			).json()) as WhoAmI;
		for (let round = 0; round < 2; round++) {
			const first = await whoami('trace-1', 'theme=dark', 'GET');
			expect(first.method).toBe('GET');
			expect(first.headers['x-trace-id']).toBe('trace-1');
			expect(first.cookies).toEqual({ theme: 'dark' });
			const second = await whoami('trace-2', 'theme=light; lang=fr', 'POST');
			expect(second.method).toBe('POST');
			expect(second.headers['x-trace-id']).toBe('trace-2');
			expect(second.cookies).toEqual({ theme: 'light', lang: 'fr' });
			expect(second.uid).toBe(userA);
		}
	});
});

describe('row level security', () => {
	it('shows anon only public notes, a user their own too, the service role everything', async () => {
		expect(noteIds((await h.anon.from('notes').select('id').order('id')).data)).toEqual([1]);
		const a = await h.as(userA);
		expect(noteIds((await a.from('notes').select('id').order('id')).data)).toEqual([1, 2]);
		const b = await h.as(userB);
		expect(noteIds((await b.from('notes').select('id').order('id')).data)).toEqual([1, 3]);
		expect(noteIds((await h.service.from('notes').select('id').order('id')).data)).toEqual([
			1, 2, 3
		]);
	});

	it('lets a user insert their own note, defaulting owner_id to auth.uid()', async () => {
		const a = await h.as(userA);
		const { data, status } = await a
			.from('notes')
			.insert({ body: 'mine' })
			.select('owner_id, body')
			.single();
		expect(status).toBe(201);
		expect(data).toEqual({ owner_id: userA, body: 'mine' });
	});

	it('answers a write RLS refuses with 403 42501 for a user', async () => {
		const a = await h.as(userA);
		const { error, status } = await a.from('notes').insert({ body: 'forged', owner_id: userB });
		expect(status).toBe(403);
		expect(error).toEqual({
			code: '42501',
			message: 'new row violates row-level security policy for table "notes"',
			details: null,
			hint: null
		});
	});

	it('answers it with 401 42501 for anon, as PostgREST does for the anonymous role', async () => {
		const response = await h.raw('/notes', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ body: 'anonymous' })
		});
		expect(response.status).toBe(401);
		expect(response.headers.get('www-authenticate')).toBe('Bearer');
		expect((await response.json()).code).toBe('42501');
	});

	it("changes nothing when a user updates or deletes someone else's note", async () => {
		const a = await h.as(userA);
		const update = await a.from('notes').update({ body: 'hijacked' }).eq('id', 3).select();
		expect(update.status).toBe(200);
		expect(update.data).toEqual([]);
		const removal = await a.from('notes').delete().eq('id', 3);
		expect(removal.status).toBe(204);
		const note = await h.service.from('notes').select('body').eq('id', 3).single();
		expect(note.data).toEqual({ body: 'private note by B' });
	});

	it('enforces column privileges: 401 for anon, 403 for a user', async () => {
		const anon = await h.anon.from('accounts').select('id, secret');
		expect(anon.status).toBe(401);
		expect(anon.error?.code).toBe('42501');
		expect(anon.error?.message).toBe('permission denied for table accounts');
		const user = await (await h.as(userA)).from('accounts').select('id, secret');
		expect(user.status).toBe(403);
		expect((await h.anon.from('accounts').select('id, name')).data).toEqual([
			{ id: 1, name: 'acme' }
		]);
	});
});

describe('tokens that do not verify', () => {
	it('answers an expired token with 401 PGRST303 and WWW-Authenticate', async () => {
		const expired = await h.token({ sub: userA, exp: Math.floor(Date.now() / 1000) - 60 });
		const response = await h.raw('/notes?select=id', {
			headers: { Authorization: `Bearer ${expired}` }
		});
		expect(response.status).toBe(401);
		expect(response.headers.get('www-authenticate')).toBe(
			'Bearer error="invalid_token", error_description="JWT expired"'
		);
		expect(await response.json()).toEqual({
			code: 'PGRST303',
			message: 'JWT expired',
			details: null,
			hint: null
		});
	});

	it('allows 30 seconds of clock skew', async () => {
		const client = h.withToken(
			await h.token({ sub: userA, exp: Math.floor(Date.now() / 1000) - 10 })
		);
		expect((await client.from('notes').select('id').eq('id', 2)).data).toEqual([{ id: 2 }]);
	});

	it('answers a token signed with another secret with 401 PGRST301', async () => {
		const [header, payload] = (await h.token({ sub: userA })).split('.');
		const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
		const { error, status } = await h.withToken(forged).from('notes').select('id');
		expect(status).toBe(401);
		expect(error).toEqual({
			code: 'PGRST301',
			message: 'No suitable key or wrong key type',
			details: 'None of the keys was able to decode the JWT',
			hint: null
		});
	});

	it('answers a token that is not a JWT with 401 PGRST301', async () => {
		const response = await h.raw('/notes?select=id', {
			headers: { Authorization: 'Bearer abc.def' }
		});
		expect(response.status).toBe(401);
		expect((await response.json()).message).toBe('Expected 3 parts in JWT; got 2');
		expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
	});

	it('answers a role claim naming no PostgreSQL role with 401 22023, never falling back', async () => {
		const client = h.withToken(await h.token({ sub: userA, role: 'admin' }));
		const { error, status } = await client.from('notes').select('id');
		expect(status).toBe(401);
		expect(error).toEqual({
			code: '22023',
			message: 'role "admin" does not exist',
			details: null,
			hint: null
		});
	});
});
