// The gateway and the `apikey`: `supabase start`'s Kong passes a request without one through to the
// service, hosted Supabase refuses it, and `[api] require_api_key` picks which the stack does. A key
// the gateway did not issue is refused either way.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';

const fixture = join(import.meta.dirname, 'fixtures', 'gateway');

/** The HTTP status and JSON body a refused websocket handshake answers with. */
function handshake(url: string): Promise<{ status: number; body: unknown }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url);
		ws.on('open', () => {
			ws.close();
			resolve({ status: 101, body: null });
		});
		ws.on('unexpected-response', (_req, res) => {
			let text = '';
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
		});
		ws.on('error', (error) => reject(error));
	});
}

const socketUrl = (stack: TestStack, apikey?: string) =>
	`${stack.url.replace('http', 'ws')}/realtime/v1/websocket?vsn=2.0.0${apikey ? `&apikey=${apikey}` : ''}`;

describe('without require_api_key, as `supabase start`', () => {
	let stack: TestStack;
	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
	});
	afterAll(() => stack?.stop());

	it('lets each service answer a request without an apikey itself', async () => {
		const rest = await fetch(`${stack.url}/rest/v1/notices?select=body`);
		expect(rest.status).toBe(200);
		expect(await rest.json()).toEqual([{ body: 'welcome' }]);

		expect((await fetch(`${stack.url}/auth/v1/health`)).status).toBe(200);

		const storage = await fetch(`${stack.url}/storage/v1/object/list/closed`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ prefix: '' })
		});
		expect(storage.status).toBe(400);
		expect((await storage.json()).statusCode).toBe('403');

		expect(await handshake(socketUrl(stack))).toEqual({
			status: 401,
			body: { error: 'API key is missing' }
		});
	});

	it('still refuses a key it did not issue, with hosted Supabase’s answer', async () => {
		const res = await fetch(`${stack.url}/rest/v1/notices`, {
			headers: { apikey: 'sb_publishable_not-ours' }
		});
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({
			message: 'Invalid API key',
			hint: 'Double check your Supabase `anon` or `service_role` API key.'
		});
	});
});

describe('with require_api_key = true, as hosted Supabase', () => {
	let workdir: string;
	let stack: TestStack;
	beforeAll(async () => {
		workdir = await mkdtemp(join(tmpdir(), 'autocrm-gateway-'));
		await cp(join(fixture, 'supabase'), join(workdir, 'supabase'), { recursive: true });
		const config = join(workdir, 'supabase', 'config.toml');
		await writeFile(config, `[api]\nrequire_api_key = true\n\n${await readFile(config, 'utf8')}`);
		stack = await startTestStack({ workdir });
	});
	afterAll(async () => {
		await stack?.stop();
		await rm(workdir, { recursive: true, force: true });
	});

	const noKey = {
		message: 'No API key found in request',
		hint: 'No `apikey` request header or url param was found.'
	};

	it('refuses REST, Auth and Realtime without an apikey', async () => {
		for (const path of ['/rest/v1/notices', '/auth/v1/health', '/realtime/v1/api/broadcast']) {
			const res = await fetch(`${stack.url}${path}`);
			expect(res.status).toBe(401);
			expect(await res.json()).toEqual(noKey);
		}
		expect(await handshake(socketUrl(stack))).toEqual({ status: 401, body: noKey });
	});

	it('keeps open what hosted Supabase keeps open: email links, the JWKS and public objects', async () => {
		const verify = await fetch(`${stack.url}/auth/v1/verify?type=signup&token=x`, {
			redirect: 'manual'
		});
		expect(verify.status).toBe(303);
		expect((await fetch(`${stack.url}/auth/v1/.well-known/jwks.json`)).status).toBe(200);
		const object = await fetch(`${stack.url}/storage/v1/object/public/open/missing.txt`);
		expect(object.status).toBe(400);
		expect((await object.json()).statusCode).toBe('404');
	});

	it('serves every key it issued, in the header or the query', async () => {
		for (const key of [stack.keys.anon, stack.keys.publishable]) {
			const res = await fetch(`${stack.url}/rest/v1/notices?select=body`, {
				headers: { apikey: key }
			});
			expect(await res.json()).toEqual([{ body: 'welcome' }]);
		}
		expect((await handshake(socketUrl(stack, stack.keys.publishable))).status).toBe(101);
		expect((await stack.client(stack.keys.secret).from('notices').select('body')).data).toEqual([
			{ body: 'welcome' }
		]);
	});
});
