import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys, type StackKeys } from '../keys';
import { createGateway } from './gateway';
import { sendJson } from './respond';

let server: Server;
let base: string;
let strictServer: Server;
let strictBase: string;
let keys: StackKeys;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<[Server, string]> {
	const started = createServer(handler);
	await new Promise<void>((done) => started.listen(0, '127.0.0.1', done));
	return [started, `http://127.0.0.1:${(started.address() as AddressInfo).port}`];
}

beforeAll(async () => {
	keys = await createKeys();
	const echo = (policy: 'required' | 'optional' | 'none') => ({
		prefix: `/${policy}`,
		keyPolicy: () => policy,
		handle: async ({
			req,
			res,
			path
		}: Parameters<Parameters<typeof createGateway>[1][0]['handle']>[0]) =>
			sendJson(res, 200, {
				path,
				apikey: req.headers.apikey,
				authorization: req.headers.authorization
			})
	});
	const routes = [echo('required'), echo('optional'), echo('none')];
	const gateway = createGateway(keys, routes, [], () => {});
	const strict = createGateway(keys, routes, [], () => {}, { requireApiKey: true });
	[server, base] = await listen((req, res) => void gateway.handle(req, res));
	[strictServer, strictBase] = await listen((req, res) => void strict.handle(req, res));
});

afterAll(async () => {
	for (const running of [server, strictServer])
		await new Promise<void>((done) => running.close(() => done()));
});

describe('gateway', () => {
	it('passes a request without a key through untouched, as `supabase start` does', async () => {
		const res = await fetch(`${base}/required/x`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ path: '/x' });
	});

	it('refuses a keyed route without a key when keys are required, as hosted Supabase does', async () => {
		const res = await fetch(`${strictBase}/required/x`);
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({
			message: 'No API key found in request',
			hint: 'No `apikey` request header or url param was found.'
		});
		expect((await fetch(`${strictBase}/optional/x`)).status).toBe(200);
	});

	it('refuses a key it did not issue', async () => {
		for (const target of [base, strictBase]) {
			const res = await fetch(`${target}/required/x`, {
				headers: { apikey: 'sb_publishable_forged' }
			});
			expect(res.status).toBe(401);
			expect(await res.json()).toEqual({
				message: 'Invalid API key',
				hint: 'Double check your Supabase `anon` or `service_role` API key.'
			});
		}
	});

	it('authorizes a request without Authorization as its API key', async () => {
		const res = await fetch(`${base}/required/x`, { headers: { apikey: keys.anon } });
		expect(await res.json()).toEqual({
			path: '/x',
			apikey: keys.anon,
			authorization: `Bearer ${keys.anon}`
		});
	});

	it('translates opaque keys to the JWTs they stand for, in apikey and Authorization', async () => {
		const res = await fetch(`${base}/optional/`, {
			headers: { apikey: keys.publishable, authorization: `Bearer ${keys.secret}` }
		});
		expect(await res.json()).toMatchObject({
			apikey: keys.anon,
			authorization: `Bearer ${keys.serviceRole}`
		});
	});

	it('keeps a user token given beside the API key', async () => {
		const res = await fetch(`${base}/required`, {
			headers: { apikey: keys.anon, authorization: 'Bearer user.jwt.here' }
		});
		expect(await res.json()).toMatchObject({ path: '/', authorization: 'Bearer user.jwt.here' });
	});

	it('answers preflights and exposes the headers supabase-js reads', async () => {
		const preflight = await fetch(`${base}/required/x`, {
			method: 'OPTIONS',
			headers: {
				origin: 'http://localhost:5173',
				'access-control-request-method': 'POST',
				'access-control-request-headers': 'apikey, authorization, x-client-info'
			}
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
		expect(preflight.headers.get('access-control-allow-headers')).toBe(
			'apikey, authorization, x-client-info'
		);

		const res = await fetch(`${base}/none/`, { headers: { origin: 'http://localhost:5173' } });
		const exposed = res.headers.get('access-control-expose-headers') ?? '';
		expect(exposed).toContain('X-Supabase-Api-Version');
		expect(exposed).toContain('Content-Range');
	});

	it('answers unknown paths with 404', async () => {
		expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
	});
});
