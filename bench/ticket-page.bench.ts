// Issue 14's numbers for the agent's ticket page, on in-memory PGlite and a throwaway PostgreSQL 15
// (`TICKET_PAGE_BENCH=postgres` for PostgreSQL only): the server render (production build over
// HTTP, signed in as an agent) of a ticket with 500 activities and 100 attachments, beside the SQL
// its load runs; a reply posted by another agent reaching an open ticket page (commit to DOM, in
// Chromium); and a 10 MB upload through the composer with its progress events, on a network
// throttled to 20 Mbit/s up (on localhost the whole file goes out in one or two events).
import { createClient } from '@supabase/supabase-js';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.js';
import { demoPassword } from '../scripts/demo-accounts.js';
import { createStack, type Stack } from '../stack';
import { build, root, signInCookies, startApp, timeRenders } from './support/app';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import { timelinePageSize } from '../src/lib/tickets/timeline';
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
 * The SQL the ticket page's load runs, as the agent in one transaction, one statement after another:
 * the ticket, the newest page of its history with authors and the count of all of it, the staff, the
 * files of that page and the two object lookups behind their
 * signed links, the sidebar's lists, the customer's tickets, merges and the article suggestions.
 * (PostgREST's own statements differ in shape, not in what they read.)
 */
async function timePageSql(stack: Stack, ticket: number, claims: string): Promise<number[]> {
	const times: number[] = [];
	for (let i = 0; i < renders + 5; i++) {
		await stack.db.transaction(
			async (tx) => {
				await tx.query(
					`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
					[claims]
				);
				const start = performance.now();
				const found = await tx.query<{ t: { subject: string; description: string } }>(
					`select to_jsonb(t) || jsonb_build_object(
					   'sla_policy', (select jsonb_build_object('name', p.name) from public.sla_policies p where p.id = t.sla_policy_id),
					   'customer', (select jsonb_build_object('id', c.id, 'full_name', c.full_name, 'email', c.email, 'created_at', c.created_at, 'avatar_path', c.avatar_path) from public.profiles c where c.id = t.customer_id),
					   'assignee', (select jsonb_build_object('id', a.id, 'full_name', a.full_name) from public.profiles a where a.id = t.assignee_id)) as t
					 from public.tickets t where t.id = $1`,
					[ticket]
				);
				const page = await tx.query<{ id: number }>(
					`select a.id, a.kind, a.body, a.meta, a.created_at,
					   (select json_build_object('id', p.id, 'full_name', p.full_name, 'role', p.role, 'avatar_path', p.avatar_path)
					    from public.profiles p where p.id = a.author_id) as author
					 from public.ticket_activities a where a.ticket_id = $1
					 order by a.created_at desc, a.id desc limit ${timelinePageSize}`,
					[ticket]
				);
				await tx.query(`select count(*) from public.ticket_activities where ticket_id = $1`, [
					ticket
				]);
				await tx.query(
					`select json_agg(x order by x.full_name) from (select id, full_name, email, role from public.profiles where role in ('agent', 'admin')) x`
				);
				const attached = await tx.query<{ object_path: string; content_type: string }>(
					`select id, activity_id, file_name, content_type, size_bytes, object_path
					 from public.attachments where ticket_id = $1 and draft = false
					   and (activity_id is null or activity_id in (select jsonb_array_elements_text($2::jsonb)::bigint)) order by created_at`,
					[ticket, JSON.stringify(page.rows.map((row) => row.id))]
				);
				const paths = attached.rows.map((row) => row.object_path);
				const images = attached.rows
					.filter((row) => row.content_type.startsWith('image/'))
					.map((row) => row.object_path);
				for (const names of [paths, images])
					await tx.query(
						`select name from storage.objects where bucket_id = 'attachments' and name in (select jsonb_array_elements_text($1::jsonb))`,
						[JSON.stringify(names)]
					);
				await tx.query(
					`select key, label, description, field_type, options, required_on_solve from public.ticket_fields where is_active order by position, label`
				);
				await tx.query(`select id, name from public.teams order by name`);
				await tx.query(`select name from public.tags order by name limit 500`);
				await tx.query(
					`select id, name, description, message_kind, owner_id from public.macros where is_active order by owner_id nulls first, position, name`
				);
				await tx.query(
					`select id, subject, status, created_at from public.tickets
					 where customer_id = (select customer_id from public.tickets where id = $1) and id <> $1
					 order by created_at desc limit 5`,
					[ticket]
				);
				await tx.query(
					`select source_ticket_id, target_ticket_id from public.ticket_links
					 where kind = 'merge' and (source_ticket_id = $1 or target_ticket_id = $1)`,
					[ticket]
				);
				const { subject, description } = found.rows[0].t;
				await tx.query(`select * from public.suggest_kb_articles($1, $2, 3)`, [
					subject,
					description
				]);
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
		const sql = await timePageSql(stack, ticket, await claimsOf(stack, 'agent@autocrm.test'));
		const busy = `${activities} activities, ${files} files`;
		rows.push(
			...percentiles(database, 'render ticket page, seed ticket (for comparison)', seedPage),
			...percentiles(database, `render ticket page, ${busy}`, page, 'p95 ≤ 60 ms'),
			...percentiles(database, `the page's SQL alone (as the agent), ${busy}`, sql),
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
