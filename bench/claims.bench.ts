// getClaims() as the app's server runs it on every request: a fresh @supabase/ssr server client over
// the request's session cookies, verifying the access token. With the project's ES256 signing key it
// verifies locally against the JWKS (fetched once, then cached); with tokens signed by the JWT secret
// (HS256, the project before signing keys) it must ask the Auth server, GET /auth/v1/user, each time.
// Counted: the requests the server client sends while timed (the goal is none).
import { createServerClient } from '@supabase/ssr';
import WebSocket from 'ws';
import { demoPassword } from '../scripts/demo-accounts.js';
import { createStack, type Stack } from '../stack';
import { legacySigningWorkdir } from './support/legacy-signing';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow } from './support/types';

const root = new URL('..', import.meta.url).pathname;
const calls = 500;
const warmup = 50;

type Cookie = { name: string; value: string };

/** The cookies @supabase/ssr sets when the agent signs in, as a browser would send them back. */
async function sessionCookies(stack: Stack): Promise<Cookie[]> {
	const jar = new Map<string, string>();
	const client = createServerClient(stack.url, stack.keys.anon, {
		realtime: { transport: WebSocket as never },
		cookies: {
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			setAll: (cookies) => {
				for (const { name, value } of cookies) {
					if (value) jar.set(name, value);
					else jar.delete(name);
				}
			}
		}
	});
	const { error } = await client.auth.signInWithPassword({
		email: 'agent@autocrm.test',
		password: demoPassword
	});
	if (error) throw error;
	return [...jar].map(([name, value]) => ({ name, value }));
}

async function measure(stack: Stack, signing: string, database: string): Promise<BenchRow[]> {
	const cookies = await sessionCookies(stack);
	const sent: string[] = [];
	const counting: typeof fetch = (input, init) => {
		sent.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
		return fetch(input, init);
	};
	const request = () =>
		createServerClient(stack.url, stack.keys.anon, {
			realtime: { transport: WebSocket as never },
			global: { fetch: counting },
			cookies: { getAll: () => cookies, setAll: () => {} }
		});

	const samples: number[] = [];
	for (let round = 0; round < warmup + calls; round++) {
		if (round === warmup) sent.length = 0;
		const client = request();
		const start = performance.now();
		const { data, error } = await client.auth.getClaims();
		const elapsed = since(start);
		if (error || !data) throw error ?? new Error('getClaims() returned nothing');
		if (round >= warmup) samples.push(elapsed);
	}
	const row = { suite: 'claims', database, case: `getClaims() per request, ${signing}` };
	const es256 = signing.startsWith('ES256');
	return [
		{ ...row, metric: 'p50', value: percentile(samples, 50), unit: 'ms' },
		{
			...row,
			metric: 'p95',
			value: percentile(samples, 95),
			unit: 'ms',
			target: es256 ? 'p95 ≤ 1 ms' : undefined
		},
		{
			...row,
			metric: `Auth API requests in ${calls} calls`,
			value: sent.length,
			unit: 'requests',
			target: es256 ? 'none' : undefined
		}
	];
}

async function measureBoth(
	database: string,
	start: (workdir: string) => Promise<Stack>
): Promise<BenchRow[]> {
	const rows: BenchRow[] = [];
	const legacy = await legacySigningWorkdir();
	try {
		for (const [signing, workdir] of [
			['HS256 tokens (before: GET /auth/v1/user)', legacy.workdir],
			['ES256 tokens (the project: verified locally)', root]
		] as const) {
			const stack = await start(workdir);
			try {
				rows.push(...(await measure(stack, signing, database)));
			} finally {
				await stack.stop();
			}
		}
	} finally {
		await legacy.remove();
	}
	return rows;
}

export default {
	name: 'claims',
	async run(): Promise<BenchRow[]> {
		const rows = await measureBoth('pglite (memory)', (workdir) =>
			createStack({ workdir, port: 0, data: 'memory' })
		);
		if (hasPostgres()) {
			const cluster = await startPostgres();
			try {
				let n = 0;
				rows.push(
					...(await measureBoth('postgres 15', (workdir) =>
						createStack({
							workdir,
							port: 0,
							databaseUrl: createDatabase(cluster, `autocrm_claims_bench_${n++}`)
						})
					))
				);
			} finally {
				await cluster.stop();
			}
		}
		return rows;
	}
};
