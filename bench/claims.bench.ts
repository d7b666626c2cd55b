// getClaims() as the app's server runs it on every request: a fresh @supabase/ssr server client over
// the request's session cookies, verifying the access token. With the project's ES256 signing key it
// verifies locally against the JWKS (fetched once, then cached); with tokens signed by the JWT secret
// (HS256, the project before signing keys) it must ask the Auth server, GET /auth/v1/user, each time.
// Counted: the requests the server client sends while timed (the goal is none).
// Two ways per request, in alternating blocks of 50 so both meet the same load: auth-js's own
// getClaims() (what the app called before) and the app's (src/lib/server/claims-verifier.ts, which
// imports each published key once and verifies without the thread pool's round trip).
// Each is warmed up with 300 calls first: the process's first calls of a code path run unoptimised
// code and grow the young generation, which with 50 calls of warm-up made whichever stack was
// measured first (PGlite) look 2–3 times slower at p95 than the second, whatever its database.
// The stack runs as a process of its own, as the Auth server does beside a real app server: this
// process is the app server alone, so what is timed is its own work, not the stack's event loop
// (its cron ticks, PGlite's statements) sharing the thread. Also given: the process's CPU time per
// call (main thread and the thread pool WebCrypto verifies on), which the machine's load does not
// inflate as it does wall time on shared cores.
// Timing starts once the stack process has gone quiet: right after it is ready, V8 still spends 0.5–2 s
// of CPU on its worker threads (compiling PGlite's WebAssembly to optimised code, collecting the
// start-up's garbage), which on PGlite took the cores from the first calls. An idle stack uses next
// to none: nothing polls (changes arrive by NOTIFY, cron and token expiries sleep until due). The
// stack's own CPU while the calls are timed is given too, so a cron run landing among them shows.
import { createServerClient } from '@supabase/ssr';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { demoPassword } from '../scripts/demo-accounts.js';
import {
	createClaimsVerifier,
	type ClaimsResult,
	type ClaimsVerifier
} from '../src/lib/server/claims-verifier';
import { startStackProcess } from '../tests/reliability/support/stack-process';
import { legacySigningWorkdir } from './support/legacy-signing';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow } from './support/types';

interface Stack {
	url: string;
	anon: string;
	child: { pid?: number };
}

const root = join(import.meta.dirname, '..');
const calls = 500;
/** Calls of each before timing: the process's first calls of a code path run unoptimised. */
const warmup = 300;
const blockSize = 50;

type Cookie = { name: string; value: string };

/** CPU time (user + system, all threads) a process has used, in ms; undefined off Linux. */
async function cpuMsOf(pid: number | undefined): Promise<number | undefined> {
	if (pid === undefined) return undefined;
	try {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return undefined;
	}
}

const quietWindowMs = 500;
/** At most one clock tick of CPU in a window counts as quiet. */
const quietCpuMs = 10;
const maxSettleMs = 30_000;

/** Waits until the stack process uses next to no CPU; returns how long that took, in ms. */
async function settled(stack: Stack): Promise<number> {
	const start = performance.now();
	let before = await cpuMsOf(stack.child.pid);
	if (before === undefined) return 0;
	while (since(start) < maxSettleMs) {
		await new Promise((resolve) => setTimeout(resolve, quietWindowMs));
		const now = await cpuMsOf(stack.child.pid);
		if (now === undefined || now - before <= quietCpuMs) break;
		before = now;
	}
	return since(start);
}

/** The cookies @supabase/ssr sets when the agent signs in, as a browser would send them back. */
async function sessionCookies(stack: Stack): Promise<Cookie[]> {
	const jar = new Map<string, string>();
	const client = createServerClient(stack.url, stack.anon, {
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

type Client = ReturnType<typeof createServerClient>;

/** auth-js's getClaims() (what the app called before) and the app's own, per request. */
const variants = {
	'auth-js getClaims() (before)': () => (client: Client) => client.auth.getClaims(),
	"the app's getClaims() (claims verifier)": (verifier: ClaimsVerifier) => (client: Client) =>
		verifier(client.auth)
} as const;
type Variant = keyof typeof variants;

async function measure(stack: Stack, signing: string, database: string): Promise<BenchRow[]> {
	const cookies = await sessionCookies(stack);
	const sent: string[] = [];
	const counting: typeof fetch = (input, init) => {
		sent.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
		return fetch(input, init);
	};
	const request = () =>
		createServerClient(stack.url, stack.anon, {
			realtime: { transport: WebSocket as never },
			global: { fetch: counting },
			cookies: { getAll: () => cookies, setAll: () => {} }
		});
	// The app's verifier keeps its key set per process, as the app server does.
	const verifier = createClaimsVerifier({ url: stack.url, apikey: stack.anon, fetch: counting });
	const names = Object.keys(variants) as Variant[];
	const measured = Object.fromEntries(
		names.map((name) => [
			name,
			{ run: variants[name](verifier), samples: [] as number[], cpuUs: 0, requests: 0 }
		])
	) as Record<
		Variant,
		{
			run: (client: Client) => Promise<ClaimsResult>;
			samples: number[];
			cpuUs: number;
			requests: number;
		}
	>;

	const block = async (name: Variant, calls: number, timed: boolean) => {
		const variant = measured[name];
		const requestsBefore = sent.length;
		const cpu = process.cpuUsage();
		for (let call = 0; call < calls; call++) {
			const client = request();
			const start = performance.now();
			const { data, error } = await variant.run(client);
			const elapsed = since(start);
			if (error || !data) throw error ?? new Error('getClaims() returned nothing');
			if (timed) variant.samples.push(elapsed);
		}
		if (!timed) return;
		const used = process.cpuUsage(cpu);
		variant.cpuUs += used.user + used.system;
		variant.requests += sent.length - requestsBefore;
	};

	for (const name of names) await block(name, warmup, false);
	const settleMs = await settled(stack);
	const stackCpu = await cpuMsOf(stack.child.pid);
	// Alternating blocks, so both meet the same load on the shared cores.
	for (let done = 0; done < calls; done += blockSize) {
		for (const name of names) await block(name, blockSize, true);
	}
	const stackCpuAfter = await cpuMsOf(stack.child.pid);

	const es256 = signing.startsWith('ES256');
	const rows: BenchRow[] = [];
	const shared = { suite: 'claims', database, case: `getClaims() per request, ${signing}` };
	rows.push(
		{ ...shared, metric: 'load average (1 min) at the end', value: loadavg()[0], unit: '' },
		{ ...shared, metric: 'wait for the stack process to go quiet', value: settleMs, unit: 'ms' }
	);
	if (stackCpu !== undefined && stackCpuAfter !== undefined) {
		rows.push({
			...shared,
			metric: `stack process CPU during the ${calls * names.length} timed calls`,
			value: stackCpuAfter - stackCpu,
			unit: 'ms'
		});
	}
	for (const name of names) {
		const { samples, cpuUs, requests } = measured[name];
		const row = { ...shared, case: `${shared.case}: ${name}` };
		const app = name === names[1];
		rows.push(
			{ ...row, metric: 'p50', value: percentile(samples, 50), unit: 'ms' },
			{
				...row,
				metric: 'p95',
				value: percentile(samples, 95),
				unit: 'ms',
				target: es256 && app ? 'p95 ≤ 1 ms' : undefined
			},
			{ ...row, metric: 'p99', value: percentile(samples, 99), unit: 'ms' },
			{
				...row,
				metric: 'app server CPU per call (mean, client creation included)',
				value: cpuUs / 1000 / calls,
				unit: 'ms'
			},
			{
				...row,
				metric: `Auth API requests in ${calls} calls`,
				value: requests,
				unit: 'requests',
				target: es256 && app ? 'none' : undefined
			}
		);
	}
	return rows;
}

type StartStack = (workdir: string) => Promise<Stack & { stop(): Promise<void> }>;

async function measureBoth(database: string, start: StartStack): Promise<BenchRow[]> {
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
			startStackProcess({ workdir, port: 0, data: 'memory' })
		);
		if (hasPostgres()) {
			const cluster = await startPostgres();
			try {
				let n = 0;
				rows.push(
					...(await measureBoth('postgres 15', (workdir) =>
						startStackProcess({
							workdir,
							port: 0,
							data: 'memory',
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
