// Issue 14's numbers for the agent's ticket page, on in-memory PGlite and a throwaway PostgreSQL 15
// (`TICKET_PAGE_BENCH=postgres` for PostgreSQL only): the server render (production build over
// HTTP, signed in as an agent) of a ticket with 500 activities and 100 attachments, beside the SQL
// its requests run, with what a render costs whatever the machine's load (the app's and the stack's
// CPU, the requests the app sends the stack and how many of them wait on another); a reply posted
// by another agent reaching an open ticket page (commit to DOM, in Chromium); and a 10 MB upload
// through the composer with its progress events, on a network throttled to 20 Mbit/s up (on
// localhost the whole file goes out in one or two events).
import { createClient } from '@supabase/supabase-js';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.js';
import { demoPassword } from '../scripts/demo-accounts.js';
import { createStack, type Stack } from '../stack';
import { build, root, signInCookies, startApp, timeRenders } from './support/app';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow } from './support/types';

const renders = 60;
const deliveries = 30;
const uploads = 5;
const activities = 500;
const files = 100;
const uploadBytes = 10 * 1024 * 1024;
/** Bytes per second: 20 Mbit/s. */
const uploadThroughput = (20 * 1_000_000) / 8;

const idOf = async (stack: Stack, email: string) =>
	(await stack.db.query<{ id: string }>(`select id from public.profiles where email = $1`, [email]))
		.rows[0].id;

/**
 * A ticket of the first demo customer, assigned to the demo agent, with `activities` history rows
 * (replies both ways, internal notes, status, priority, assignment and tags changes) and `files`
 * attachments on its messages: storage object rows whose trigger writes the attachment rows, as an
 * upload does (the bytes are not written: the page only signs links to them).
 */
async function generateBusyTicket(stack: Stack): Promise<number> {
	const customer = await idOf(stack, 'client@autocrm.test');
	const agent = await idOf(stack, 'agent@autocrm.test');
	const agent2 = await idOf(stack, 'agent2@autocrm.test');
	const { rows } = await stack.db.query<{ id: number }>(
		`insert into public.tickets (subject, description, status, priority, customer_id, assignee_id)
		 values ('Invoices export keeps failing', 'Since Monday the CSV export of **invoices** stops at 80%.',
		   'open', 'high', $1, $2)
		 returning id`,
		[customer, agent]
	);
	const ticket = Number(rows[0].id);
	await stack.db.query(
		`insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta, created_at)
		 select $1,
		   case n % 5 when 0 then $2::uuid when 1 then $3::uuid else (array[$3, $4])[1 + n % 2]::uuid end,
		   k.kind::public.activity_kind,
		   case when k.kind in ('reply', 'note') then
		     'Message ' || n || E': the export stops at **80%**.\\n\\n- tried again\\n- cleared the cache\\n\\n' ||
		     repeat('More detail about what happened and what was tried. ', 1 + n % 6) end,
		   k.kind = 'note',
		   case k.kind
		     when 'status' then jsonb_build_object('field', 'status', 'old', 'open', 'new', 'pending')
		     when 'priority' then jsonb_build_object('field', 'priority', 'old', 'normal', 'new', 'high')
		     when 'assignment' then jsonb_build_object('field', 'assignee_id', 'old', $3, 'new', $4)
		     when 'tags' then jsonb_build_object('field', 'tags', 'old', '[]'::jsonb, 'new', '["billing","export"]'::jsonb)
		     else '{}'::jsonb end,
		   now() - ((${activities} - n) || ' minutes')::interval
		 from generate_series(1, ${activities}) as n
		 cross join lateral (
		   select (array['reply','reply','note','status','reply','note','priority','reply','assignment','tags'])[1 + n % 10] as kind
		 ) k`,
		[ticket, customer, agent, agent2]
	);
	await stack.db.query(
		`insert into storage.objects (bucket_id, name, owner_id, version, metadata, user_metadata)
		 select 'attachments',
		   $1 || '/' || gen_random_uuid() || '/' || f.name,
		   m.author_id::text,
		   gen_random_uuid()::text,
		   jsonb_build_object('mimetype', f.type, 'size', 20000 + n * 997),
		   jsonb_build_object('activity_id', m.id, 'file_name', f.name)
		 from generate_series(1, ${files}) as n
		 cross join lateral (
		   select a.id, a.author_id from public.ticket_activities a
		   where a.ticket_id = $1 and a.kind in ('reply', 'note')
		   order by a.id offset (n * 3) % 300 limit 1
		 ) m
		 cross join lateral (
		   select case when n % 5 < 2 then 'screenshot-' || n || '.png' else 'report-' || n || '.pdf' end as name,
		     case when n % 5 < 2 then 'image/png' else 'application/pdf' end as type
		 ) f`,
		[ticket]
	);
	const counted = await stack.db.query<{ activities: number; files: number }>(
		`select (select count(*)::int from public.ticket_activities where ticket_id = $1) as activities,
		   (select count(*)::int from public.attachments where ticket_id = $1 and not draft) as files`,
		[ticket]
	);
	const made = counted.rows[0];
	// The ticket's own insert adds history rows (routing, SLA) to the generated ones.
	if (made.activities < activities || made.files !== files)
		throw new Error(`generated ${made.activities} activities and ${made.files} files`);
	await stack.db.exec('analyze public.ticket_activities; analyze public.attachments;');
	return ticket;
}

/** A supabase-js client in Node 20, which has no WebSocket of its own (realtime is not used). */
const nodeClient = (stack: Stack) =>
	createClient(stack.url, stack.keys.anon, {
		auth: { persistSession: false },
		realtime: { transport: WebSocket as never }
	});

/** The seed ticket with the most history rows. */
const busiestTicket = async (stack: Stack) =>
	Number(
		(
			await stack.db.query<{ ticket_id: number }>(
				`select ticket_id from public.ticket_activities group by ticket_id order by count(*) desc limit 1`
			)
		).rows[0].ticket_id
	);

/** The claims of `email`'s access token, as PostgREST sets them for the request. */
async function claimsOf(stack: Stack, email: string) {
	const supabase = nodeClient(stack);
	const { data, error } = await supabase.auth.signInWithPassword({ email, password: demoPassword });
	if (error) throw error;
	const payload = data.session.access_token.split('.')[1];
	return Buffer.from(payload, 'base64url').toString();
}

/**
 * The statement behind one request of a render, as PostgREST and Storage would run it (their own
 * statements differ in shape, not in what they read): an RPC with the arguments the app sent, the
 * viewer's profile, the workspace settings, and the object lookup behind a signing request.
 */
function statementOf(request: LoggedRequest, agentId: string): { sql: string; values: unknown[] } {
	const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
	const rpc = /^\/rest\/v1\/rpc\/(\w+)$/.exec(request.path);
	if (rpc) {
		const names = Object.keys(body);
		return {
			sql: `select public.${rpc[1]}(${names.map((name, i) => `${name} => $${i + 1}`).join(', ')})`,
			values: names.map((name) =>
				typeof body[name] === 'object' ? JSON.stringify(body[name]) : body[name]
			)
		};
	}
	if (request.path === '/rest/v1/profiles')
		return {
			sql: `select full_name, avatar_path from public.profiles where id = $1`,
			values: [agentId]
		};
	if (request.path === '/rest/v1/app_settings')
		return { sql: `select require_staff_mfa from public.app_settings`, values: [] };
	if (request.path.startsWith('/storage/v1/object/sign/'))
		return {
			sql: `select name from storage.objects where bucket_id = 'attachments' and name = any($1)`,
			values: [body.paths]
		};
	throw new Error(`no statement known for ${request.method} ${request.path}`);
}

/**
 * The SQL of one render alone: the statements of the requests a render sent (`sent`, from the
 * counting run), as the agent in one transaction, one after another.
 */
async function timeRenderSql(
	stack: Stack,
	claims: string,
	sent: LoggedRequest[]
): Promise<number[]> {
	const agentId = (JSON.parse(claims) as { sub: string }).sub;
	const statements = sent.map((request) => statementOf(request, agentId));
	const times: number[] = [];
	for (let i = 0; i < renders + 5; i++) {
		await stack.db.transaction(
			async (tx) => {
				await tx.query(
					`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
					[claims]
				);
				const start = performance.now();
				for (const { sql, values } of statements) await tx.query(sql, values as never[]);
				if (i >= 5) times.push(since(start));
			},
			{ rollback: true }
		);
	}
	return times;
}

/** A Chromium page of the app, signed in through the app's form (its session cookies). */
async function openAs(browser: Browser, appUrl: string, email: string): Promise<Page> {
	const context: BrowserContext = await browser.newContext({ baseURL: appUrl });
	const cookies = (await signInCookies(appUrl, email)).split('; ').map((pair) => {
		const at = pair.indexOf('=');
		return { name: pair.slice(0, at), value: pair.slice(at + 1), url: appUrl };
	});
	await context.addCookies(cookies);
	return context.newPage();
}

const live = (page: Page) =>
	page.getByRole('banner').getByRole('status').getByText('Live').waitFor();

/**
 * Replies agent2 posts (supabase-js, the `post_message` the page's Send calls) while the demo agent
 * has the ticket open: for each, when the text appears in the page's DOM (a MutationObserver,
 * performance.timeOrigin + performance.now()) after the activity's created_at (the transaction's
 * start, so a little before its commit) and after the call returned (after the commit).
 */
async function replyToDom(stack: Stack, page: Page, ticket: number) {
	const agent2 = nodeClient(stack);
	const signedIn = await agent2.auth.signInWithPassword({
		email: 'agent2@autocrm.test',
		password: demoPassword
	});
	if (signedIn.error) throw signedIn.error;
	await page.goto(`/agent/tickets/${ticket}`);
	await live(page);
	const fromCommit: number[] = [];
	const fromReturn: number[] = [];
	// Three untimed first: the ticket's channel may still be joining after the socket is live.
	for (let i = 0; i < deliveries + 3; i++) {
		const token = `probe-${i}-${Date.now()}`;
		const seen = page.evaluate(
			(token) =>
				new Promise<number>((resolve) => {
					const observer = new MutationObserver((records) => {
						for (const record of records)
							for (const node of record.addedNodes)
								if (node.textContent?.includes(token)) {
									observer.disconnect();
									resolve(performance.timeOrigin + performance.now());
									return;
								}
					});
					observer.observe(document.body, { childList: true, subtree: true });
				}),
			token
		);
		// The observer is in place once the evaluate's script has run: a round trip to the page.
		await page.evaluate(() => 0);
		const posted = await agent2.rpc('post_message', {
			ticket_id: ticket,
			kind: 'reply',
			body: `Latency ${token}: on my way.`,
			attachment_ids: []
		});
		const returned = performance.timeOrigin + performance.now();
		if (posted.error) throw posted.error;
		const domAt = await seen;
		const { rows } = await stack.db.query<{ at: number }>(
			`select extract(epoch from created_at) * 1000 as at from public.ticket_activities
			 where ticket_id = $1 and body like $2`,
			[ticket, `%${token}%`]
		);
		if (i >= 3) {
			fromCommit.push(domAt - Number(rows[0].at));
			fromReturn.push(domAt - returned);
		}
	}
	return { fromCommit, fromReturn };
}

interface UploadTrace {
	/** XMLHttpRequest.send, its upload progress events and its load, in ms since the epoch. */
	sent: number;
	progress: { at: number; loaded: number }[];
	loaded: number;
	/** When the composer showed the file attached (its progress bar gone). */
	attached: number;
}

/**
 * Records every upload XMLHttpRequest's progress in the page, before any of its scripts runs. A
 * string: tsx would wrap a function's inner functions in a helper the page does not have.
 */
const recordUploads = `
	const now = () => performance.timeOrigin + performance.now();
	const traces = (window.__uploads = []);
	const send = XMLHttpRequest.prototype.send;
	XMLHttpRequest.prototype.send = function (body) {
		if (body instanceof Blob) {
			const trace = { sent: now(), progress: [], loaded: 0 };
			traces.push(trace);
			this.upload.addEventListener('progress', (event) =>
				trace.progress.push({ at: now(), loaded: event.loaded })
			);
			this.addEventListener('load', () => (trace.loaded = now()));
		}
		return send.call(this, body);
	};
`;

/**
 * Attaches a 10 MB PDF through the composer's file input and traces its upload. The file is on disk,
 * so Playwright hands Chromium its path rather than 10 MB over the protocol.
 */
async function uploadOnce(page: Page, folder: string, name: string): Promise<UploadTrace> {
	const bytes = Buffer.alloc(uploadBytes, 0x41);
	bytes.write('%PDF-1.4\n');
	const file = join(folder, name);
	await writeFile(file, bytes);
	await page
		.getByRole('region', { name: 'Composer' })
		.locator('input[type="file"]')
		.setInputFiles(file);
	const bar = page.getByLabel(`Uploading ${name}`);
	await bar.waitFor({ state: 'attached' });
	await bar.waitFor({ state: 'detached', timeout: 120_000 });
	const attached = await page.evaluate(() => performance.timeOrigin + performance.now());
	const trace = await page.evaluate(() => {
		const all = (window as unknown as { __uploads: Omit<UploadTrace, 'attached'>[] }).__uploads;
		return all[all.length - 1];
	});
	if (!trace?.loaded) throw new Error(`${name}: the upload did not finish`);
	return { ...trace, attached };
}

/** The longest wait between the send, each progress event and the load. */
const maxGap = (trace: UploadTrace) => {
	const marks = [trace.sent, ...trace.progress.map((event) => event.at), trace.loaded];
	return Math.max(...marks.slice(1).map((at, i) => at - marks[i]));
};

async function uploadRows(database: string, browser: Browser, appUrl: string, ticket: number) {
	const folder = await mkdtemp(join(tmpdir(), 'autocrm-upload-'));
	const page = await openAs(browser, appUrl, 'agent@autocrm.test');
	await page.addInitScript({ content: recordUploads });
	await page.goto(`/agent/tickets/${ticket}`);
	await live(page);
	const row = { suite: 'ticket-page', database };
	const rows: BenchRow[] = [];
	// Unthrottled once, to show why the timed ones are throttled.
	const local = await uploadOnce(page, folder, 'unthrottled.pdf');
	rows.push(
		{
			...row,
			case: 'upload 10 MB, localhost unthrottled',
			metric: 'progress events',
			value: local.progress.length,
			unit: 'events'
		},
		{
			...row,
			case: 'upload 10 MB, localhost unthrottled',
			metric: 'total (send to load)',
			value: local.loaded - local.sent,
			unit: 'ms'
		}
	);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 0,
		downloadThroughput: -1,
		uploadThroughput
	});
	const traces: UploadTrace[] = [];
	for (let i = 0; i < uploads; i++)
		traces.push(await uploadOnce(page, folder, `throttled-${i}.pdf`));
	const label = `upload 10 MB at 20 Mbit/s up, ${uploads} uploads`;
	rows.push(
		{
			...row,
			case: label,
			metric: 'max gap between progress events (worst upload)',
			value: Math.max(...traces.map(maxGap)),
			unit: 'ms',
			target: '≤ 250 ms'
		},
		{
			...row,
			case: label,
			metric: 'progress events per upload (fewest)',
			value: Math.min(...traces.map((t) => t.progress.length)),
			unit: 'events'
		},
		{
			...row,
			case: label,
			metric: 'total, send to load (median)',
			value: percentile(
				traces.map((t) => t.loaded - t.sent),
				50
			),
			unit: 'ms'
		},
		{
			...row,
			case: label,
			metric: 'total, send to shown attached (median)',
			value: percentile(
				traces.map((t) => t.attached - t.sent),
				50
			),
			unit: 'ms'
		}
	);
	await page.context().close();
	await rm(folder, { recursive: true, force: true });
	return rows;
}

/** CPU time (user + system, all threads) a process has used, in ms (clock ticks of 10 ms). */
async function cpuMsOf(pid: number): Promise<number> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * What one render costs, which the machine's load does not inflate as it does wall time: the app
 * process's CPU and this process's (the stack's, with the small share of the requesting client)
 * over `renders` renders; then, from a second app that logs what it sends (fetch-log.mjs), the
 * requests of a render to the stack, how many of them wait for another, and their arguments.
 */
async function renderCost(
	stack: Stack,
	app: { url: string; pid: number | undefined },
	path: string,
	count = renders
) {
	const cookie = await signInCookies(app.url, 'agent@autocrm.test');
	await timeRenders(`${app.url}${path}`, cookie, 5, 0);
	const appBefore = await cpuMsOf(app.pid!);
	const stackBefore = process.cpuUsage();
	await timeRenders(`${app.url}${path}`, cookie, count, 0);
	const stackUsed = process.cpuUsage(stackBefore);
	const appMs = (await cpuMsOf(app.pid!)) - appBefore;

	const folder = await mkdtemp(join(tmpdir(), 'autocrm-fetch-log-'));
	const log = join(folder, 'requests');
	const counted = await startApp(stack, { fetchLog: log });
	try {
		const countedCookie = await signInCookies(counted.url, 'agent@autocrm.test');
		await timeRenders(`${counted.url}${path}`, countedCookie, 3, 0);
		let requests: LoggedRequest[] = [];
		let most = 0;
		let depth = 0;
		for (let i = 0; i < 5; i++) {
			await writeFile(log, '');
			await timeRenders(`${counted.url}${path}`, countedCookie, 1, 0);
			requests = (await readFile(log, 'utf8'))
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as LoggedRequest);
			most = Math.max(most, requests.length);
			depth = Math.max(depth, chainDepth(requests));
		}
		return {
			appCpuMs: appMs / count,
			stackCpuMs: (stackUsed.user + stackUsed.system) / 1000 / count,
			requests: most,
			depth,
			/** The last render's requests. */
			sent: requests
		};
	} finally {
		await counted.stop();
		await rm(folder, { recursive: true, force: true });
	}
}

interface LoggedRequest {
	start: number;
	end: number;
	method: string;
	path: string;
	body: string | null;
}

/**
 * How many of a render's requests had to wait for one another: the longest chain of requests each
 * sent after the previous one's answer arrived (1 when all went out side by side).
 */
function chainDepth(requests: { start: number; end: number }[]): number {
	const sorted = [...requests].sort((a, b) => a.start - b.start);
	const depth: number[] = [];
	sorted.forEach((request, i) => {
		const waited = sorted
			.slice(0, i)
			.flatMap((earlier, j) => (earlier.end <= request.start ? [depth[j]] : []));
		depth.push(1 + Math.max(0, ...waited));
	});
	return Math.max(0, ...depth);
}

const percentiles = (
	database: string,
	name: string,
	samples: number[],
	target?: string
): BenchRow[] =>
	[50, 95].map((p) => ({
		suite: 'ticket-page',
		case: name,
		database,
		metric: `p${p}`,
		value: percentile(samples, p),
		unit: 'ms',
		target: p === 95 ? target : undefined
	}));

async function measure(database: string, stack: Stack): Promise<BenchRow[]> {
	// The seed's busiest ticket (as the app suite's "render ticket page" rows), before the big one.
	const seedTicket = await busiestTicket(stack);
	const ticket = await generateBusyTicket(stack);
	const rows: BenchRow[] = [];
	const app = await startApp(stack);
	try {
		const cookie = await signInCookies(app.url, 'agent@autocrm.test');
		const seedPage = await timeRenders(`${app.url}/agent/tickets/${seedTicket}`, cookie, renders);
		const page = await timeRenders(`${app.url}/agent/tickets/${ticket}`, cookie, renders);
		const cost = await renderCost(stack, app, `/agent/tickets/${ticket}`);
		const sql = await timeRenderSql(stack, await claimsOf(stack, 'agent@autocrm.test'), cost.sent);
		const busy = `${activities} activities, ${files} files`;
		const costRow = { suite: 'ticket-page', case: `render ticket page, ${busy}`, database };
		rows.push(
			...percentiles(database, 'render ticket page, seed ticket (for comparison)', seedPage),
			...percentiles(database, `render ticket page, ${busy}`, page, 'p95 ≤ 60 ms'),
			{ ...costRow, metric: 'app process CPU per render', value: cost.appCpuMs, unit: 'ms' },
			{
				...costRow,
				metric: 'bench process CPU per render (the stack, and the requesting client)',
				value: cost.stackCpuMs,
				unit: 'ms'
			},
			{ ...costRow, metric: 'requests to the stack per render', value: cost.requests, unit: '' },
			{
				...costRow,
				metric: 'requests waiting on another (longest chain)',
				value: cost.depth,
				unit: ''
			},
			...percentiles(
				database,
				`the render's SQL alone (${cost.sent.map((r) => r.path.split('/').pop()).join(', ')}), ${busy}`,
				sql
			),
			{
				suite: 'ticket-page',
				case: `render ticket page over its SQL, ${busy}`,
				database,
				metric: 'p50 ratio',
				value: percentile(page, 50) / percentile(sql, 50),
				unit: '×'
			}
		);

		const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
		try {
			const watcher = await openAs(browser, app.url, 'agent@autocrm.test');
			for (const [which, id] of [
				['a seed ticket', seedTicket],
				[`the ticket with ${busy}`, ticket]
			] as const) {
				const { fromCommit, fromReturn } = await replyToDom(stack, watcher, id);
				rows.push(
					...percentiles(
						database,
						`agent2's reply to the open page's DOM, ${which}, from created_at`,
						fromCommit,
						'p95 ≤ 150 ms'
					),
					...percentiles(
						database,
						`agent2's reply to the open page's DOM, ${which}, from the call's return`,
						fromReturn
					)
				);
			}
			await watcher.context().close();
			rows.push(...(await uploadRows(database, browser, app.url, seedTicket)));
		} finally {
			await browser.close();
		}
	} finally {
		await app.stop();
	}
	return rows;
}

export default {
	name: 'ticket-page',
	async run(): Promise<BenchRow[]> {
		build();
		const rows: BenchRow[] = [];
		if (process.env.TICKET_PAGE_BENCH !== 'postgres') {
			const pglite = await createStack({ workdir: root, port: 0, data: 'memory' });
			try {
				rows.push(...(await measure('pglite (memory)', pglite)));
			} finally {
				await pglite.stop();
			}
		}
		if (hasPostgres()) {
			const cluster = await startPostgres();
			try {
				const stack = await createStack({
					workdir: root,
					port: 0,
					databaseUrl: createDatabase(cluster, 'autocrm_ticket_page_bench')
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
