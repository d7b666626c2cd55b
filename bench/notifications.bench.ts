// The notification bell (issue 15), commit to DOM, on in-memory PGlite and a throwaway PostgreSQL
// 15: a reply is committed in the database as PostgREST commits one (a transaction as its author,
// with their claims), and the recipient's open page (the production build in Chromium, signed in)
// notices the header's `Notifications` button change its unread count, timed in the page by a
// MutationObserver and put on this process's clock. The triggers write the notification row in the
// reply's transaction; the bell hears of it over the stack's realtime socket and re-reads its list
// and count through the REST API before it shows. Both directions: a customer's reply on a ticket
// assigned to the agent (the agent's bell, on the queue) and an agent's reply (the customer's
// bell, on My tickets).
import type { Page } from '@playwright/test';
import { createStack, type Stack } from '../stack';
import { build, root, startApp } from './support/app';
import { clockOffset, epochNow, launchBrowser, live, signIn } from './support/browser';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile } from './support/stats';
import type { BenchRow } from './support/types';

const samples = 40;
const warmup = 3;
/** Longer than any sample can honestly take: past it the bench fails rather than hangs. */
const giveUpMs = 10_000;

declare global {
	interface Window {
		/** When the bell's unread count next changes, as `performance.timeOrigin + performance.now()`. */
		benchBellChanged?: Promise<number>;
	}
}

type Person = { id: string; role: 'client' | 'agent' };

async function person(stack: Stack, email: string): Promise<Person> {
	const { rows } = await stack.db.query<Person>(
		`select id, role from public.profiles where email = $1`,
		[email]
	);
	if (!rows[0]) throw new Error(`the seed has no ${email}`);
	return rows[0];
}

/** A new open ticket of the customer's, assigned to the agent. */
async function ticketBetween(stack: Stack, customer: Person, agent: Person): Promise<number> {
	const { rows } = await stack.db.query<{ id: number }>(
		`insert into public.tickets (subject, description, customer_id, assignee_id)
		values ('Bell latency probe', 'Replies on this ticket time the notification bell.', $1, $2)
		returning id`,
		[customer.id, agent.id]
	);
	return Number(rows[0].id);
}

/**
 * Commits a public reply by `author`, as PostgREST would. Returns when COMMIT was sent: the stack
 * runs in this process and may hear of the commit before the acknowledgement is read here, so the
 * time the commit itself takes is counted rather than risk leaving some of the delivery out.
 */
async function commitReply(stack: Stack, ticket: number, author: Person, body: string) {
	const claims = {
		sub: author.id,
		role: 'authenticated',
		user_role: author.role,
		aal: 'aal1',
		mfa_enrolled: false
	};
	return stack.db.transaction(async (tx) => {
		await tx.query(
			`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
			[JSON.stringify(claims)]
		);
		await tx.query(
			`insert into public.ticket_activities (ticket_id, author_id, kind, body) values ($1, $2, 'reply', $3)`,
			[ticket, author.id, body]
		);
		return epochNow();
	});
}

/**
 * Starts watching the header for the bell's next change of unread count. (No named functions in
 * here: tsx would wrap them in a helper the page does not have.)
 */
const watchBell = (page: Page) =>
	page.getByRole('banner').evaluate((banner, giveUp) => {
		const selector = 'button[aria-label^="Notifications"]';
		const before = banner.querySelector(selector)?.getAttribute('aria-label');
		window.benchBellChanged = new Promise((resolve, reject) => {
			const observer = new MutationObserver(() => {
				const now = performance.timeOrigin + performance.now();
				const label = banner.querySelector(selector)?.getAttribute('aria-label');
				if (!label || label === before) return;
				observer.disconnect();
				resolve(now);
			});
			observer.observe(banner, {
				subtree: true,
				childList: true,
				attributes: true,
				attributeFilter: ['aria-label']
			});
			setTimeout(() => {
				observer.disconnect();
				reject(new Error(`the bell still read "${before}" after ${giveUp} ms`));
			}, giveUp);
		});
	}, giveUpMs);

/**
 * Milliseconds from each reply's commit to the recipient's bell changing, and the largest error
 * the two clocks' offset may have added to one of them.
 */
async function timeBell(
	stack: Stack,
	page: Page,
	ticket: number,
	author: Person
): Promise<{ times: number[]; clockError: number }> {
	const times: number[] = [];
	let clockError = 0;
	for (let i = 0; i < samples + warmup; i++) {
		await watchBell(page);
		const clock = await clockOffset(page);
		const committed = await commitReply(stack, ticket, author, `Bell probe ${i}: any news?`);
		const shown = await page.evaluate(() => window.benchBellChanged);
		if (shown === undefined) throw new Error('the bell watch was lost (did the page reload?)');
		if (i < warmup) continue;
		times.push(shown - clock.offset - committed);
		clockError = Math.max(clockError, clock.error);
	}
	return { times, clockError };
}

const rowsOf = (
	database: string,
	name: string,
	{ times, clockError }: { times: number[]; clockError: number }
): BenchRow[] => [
	...[50, 95].map((p) => ({
		suite: 'notifications',
		case: name,
		database,
		metric: `p${p}`,
		value: percentile(times, p),
		unit: 'ms',
		target: p === 95 ? 'p95 ≤ 150 ms' : undefined
	})),
	{
		suite: 'notifications',
		case: name,
		database,
		metric: 'page clock offset, largest error',
		value: clockError,
		unit: 'ms'
	}
];

async function measure(database: string, stack: Stack): Promise<BenchRow[]> {
	const customer = await person(stack, 'client@autocrm.test');
	const agent = await person(stack, 'agent@autocrm.test');
	const ticket = await ticketBetween(stack, customer, agent);
	const app = await startApp(stack);
	const browser = await launchBrowser();
	try {
		const agentPage = await signIn(browser, app.url, 'agent@autocrm.test');
		const customerPage = await signIn(browser, app.url, 'client@autocrm.test');
		await Promise.all([live(agentPage), live(customerPage)]);
		return [
			...rowsOf(
				database,
				`customer reply committed to agent's bell (${samples} samples)`,
				await timeBell(stack, agentPage, ticket, customer)
			),
			...rowsOf(
				database,
				`agent reply committed to customer's bell (${samples} samples)`,
				await timeBell(stack, customerPage, ticket, agent)
			)
		];
	} finally {
		await browser.close();
		await app.stop();
	}
}

export default {
	name: 'notifications',
	async run(): Promise<BenchRow[]> {
		build();
		const rows: BenchRow[] = [];
		const pglite = await createStack({ workdir: root, port: 0, data: 'memory' });
		try {
			rows.push(...(await measure('pglite (memory)', pglite)));
		} finally {
			await pglite.stop();
		}
		if (hasPostgres()) {
			const cluster = await startPostgres();
			try {
				const stack = await createStack({
					workdir: root,
					port: 0,
					databaseUrl: createDatabase(cluster, 'autocrm_notifications_bench')
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
