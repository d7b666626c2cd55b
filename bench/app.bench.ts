// The app's numbers, on in-memory PGlite and on a throwaway PostgreSQL 15: server time to render the
// agent queue and a ticket page (the production build over HTTP, signed in as an agent) with the seed
// data, also with HS256 tokens as before the project signed them ES256 (the app then verifies each
// with a GET /auth/v1/user), and with 100,000 generated tickets; and the time from a customer's
// `Submit ticket` to the row appearing in an agent's open queue in another browser (Chromium, both
// pages live).
import { createStack, type Stack } from '../stack';
import { legacySigningWorkdir } from './support/legacy-signing';
import { build, root, signInCookies, startApp, timeRenders as timeEach } from './support/app';
import { launchBrowser, live, signIn } from './support/browser';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow } from './support/types';

const renders = 60;
const submissions = 20;
const generated = 100_000;

const timeRenders = (url: string, cookie: string) => timeEach(url, cookie, renders);

/** A busy ticket of the seed: the one with the most history rows. */
async function busiestTicket(stack: Stack): Promise<number> {
	const { rows } = await stack.db.query<{ ticket_id: number }>(
		`select ticket_id from public.ticket_activities group by ticket_id order by count(*) desc limit 1`
	);
	return Number(rows[0].ticket_id);
}

async function generateTickets(stack: Stack) {
	await stack.db.exec(`
		insert into public.tickets (subject, description, status, priority, customer_id, created_at, updated_at)
		select 'Generated ticket ' || n,
			'Generated for the benchmark, number ' || n,
			(array['open','pending','on_hold','solved','closed'])[1 + n % 5]::public.ticket_status,
			(array['low','normal','high','urgent'])[1 + n % 4]::public.ticket_priority,
			(select id from public.profiles where role = 'client' order by id limit 1 offset n % 2),
			now() - (n || ' minutes')::interval,
			now() - (n || ' minutes')::interval
		from generate_series(1, ${generated}) as n;
		analyze public.tickets;
	`);
}

async function submitToQueue(appUrl: string): Promise<number[]> {
	const browser = await launchBrowser();
	try {
		const agent = await signIn(browser, appUrl, 'agent@autocrm.test');
		const client = await signIn(browser, appUrl, 'client@autocrm.test');
		await live(agent);
		const samples: number[] = [];
		for (let i = 0; i < submissions; i++) {
			const subject = `Latency probe ${i} ${Date.now()}`;
			await client.goto('/client/tickets/new');
			await live(client);
			await client.getByLabel('Subject').fill(subject);
			await client.getByLabel('Description').fill('How fast does the queue hear of this?');
			const start = performance.now();
			await client.getByRole('button', { name: 'Submit ticket' }).click();
			await agent.getByRole('link', { name: subject }).waitFor();
			samples.push(since(start));
		}
		return samples;
	} finally {
		await browser.close();
	}
}

/** Server render times of the agent queue and a busy ticket page, signed in as the demo agent. */
async function renderRows(
	database: string,
	stack: Stack,
	appUrl: string,
	label: string,
	target?: string
): Promise<BenchRow[]> {
	const rows: BenchRow[] = [];
	const cookie = await signInCookies(appUrl, 'agent@autocrm.test');
	const ticket = await busiestTicket(stack);
	for (const [page, path] of [
		['agent queue', '/agent'],
		['ticket page', `/agent/tickets/${ticket}`]
	]) {
		const samples = await timeRenders(`${appUrl}${path}`, cookie);
		for (const p of [50, 95]) {
			rows.push({
				suite: 'app',
				case: `render ${page}, ${label}`,
				database,
				metric: `p${p}`,
				value: percentile(samples, p),
				unit: 'ms',
				target: p === 95 ? target : undefined
			});
		}
	}
	return rows;
}

/**
 * The same renders with access tokens signed by the JWT secret (HS256), as before the project had
 * a signing key: getClaims() then asks the Auth server on every render.
 */
async function measureLegacyTokens(
	database: string,
	start: (workdir: string) => Promise<Stack>
): Promise<BenchRow[]> {
	const legacy = await legacySigningWorkdir();
	try {
		const stack = await start(legacy.workdir);
		try {
			const app = await startApp(stack);
			try {
				return await renderRows(database, stack, app.url, 'seed data, HS256 tokens (before)');
			} finally {
				await app.stop();
			}
		} finally {
			await stack.stop();
		}
	} finally {
		await legacy.remove();
	}
}

async function measure(database: string, stack: Stack): Promise<BenchRow[]> {
	const rows: BenchRow[] = [];
	const app = await startApp(stack);
	try {
		rows.push(...(await renderRows(database, stack, app.url, 'seed data')));
		const latency = await submitToQueue(app.url);
		for (const p of [50, 95]) {
			rows.push({
				suite: 'app',
				case: 'Submit ticket to agent queue row',
				database,
				metric: `p${p}`,
				value: percentile(latency, p),
				unit: 'ms',
				target: p === 95 ? 'p95 < 300 ms' : undefined
			});
		}
		await generateTickets(stack);
		rows.push(
			...(await renderRows(
				database,
				stack,
				app.url,
				`${generated.toLocaleString('en')} tickets`,
				'p95 < 150 ms'
			))
		);
	} finally {
		await app.stop();
	}
	return rows;
}

export default {
	name: 'app',
	async run(): Promise<BenchRow[]> {
		build();
		const rows: BenchRow[] = await measureLegacyTokens('pglite (memory)', (workdir) =>
			createStack({ workdir, port: 0, data: 'memory' })
		);
		const pglite = await createStack({ workdir: root, port: 0, data: 'memory' });
		try {
			rows.push(...(await measure('pglite (memory)', pglite)));
		} finally {
			await pglite.stop();
		}
		if (hasPostgres()) {
			const cluster = await startPostgres();
			try {
				rows.push(
					...(await measureLegacyTokens('postgres 15', (workdir) =>
						createStack({
							workdir,
							port: 0,
							databaseUrl: createDatabase(cluster, 'autocrm_app_bench_hs256')
						})
					))
				);
				const stack = await createStack({
					workdir: root,
					port: 0,
					databaseUrl: createDatabase(cluster, 'autocrm_app_bench')
				});
				try {
					rows.push(...(await measure('postgres 15', stack)));
				} finally {
					await stack.stop();
				}
			} finally {
				await cluster.stop();
			}
		}
		return rows;
	}
};
