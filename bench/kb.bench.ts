// The help center with 10,000 articles (generated with SQL), on in-memory PGlite and a throwaway
// PostgreSQL 15: server time of the search page and of an article page (the production build over
// HTTP, as an anonymous visitor), each beside the raw SQL it runs (search_kb_articles as `anon`; the
// article's select), and the SQL behind the new-ticket form's suggestions; then, in Chromium signed
// in as a customer, the time from the last keystroke of a ticket's subject to the suggestions
// showing under the form, both timed in the page.
import type { Page } from '@playwright/test';
import { createStack, type Stack } from '../stack';
import type { Queryable } from '../stack/db';
import { build, root, startApp, timeRenders } from './support/app';
import { launchBrowser, signIn } from './support/browser';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import { percentile, since } from './support/stats';
import type { BenchRow } from './support/types';

const articles = 10_000;
const samples = 60;
const searches = [
	'password',
	'reset password',
	'invoice refund',
	'pasword',
	'"two-factor" sign-in'
];

/** Subjects a customer might type, each matching some of the generated articles. */
const subjects = [
	'Cannot reset my password',
	'Refund for an invoice charged twice',
	'Our webhook stopped firing',
	'How do I export the monthly report',
	'Connect the team calendar'
];
const typingWarmup = 3;
/** Longer than any sample can honestly take: past it the bench fails rather than hangs. */
const giveUpMs = 10_000;

type TypingProbe = { keys: number; lastKey: number; shown: number };
declare global {
	interface Window {
		/** Settles when suggestions next show under the new-ticket form (page clock). */
		benchSuggestions?: Promise<TypingProbe>;
	}
}

async function generateArticles(stack: Stack) {
	await stack.db.exec(`
		insert into public.kb_articles (category_id, slug, title, tags, status, visibility, body)
		select c.id,
			'generated-' || n,
			initcap(w.verb) || ' ' || w.thing || ' ' || n,
			array[w.thing, w.verb],
			(case when n % 10 = 0 then 'draft' else 'published' end)::public.kb_article_status,
			(array['public','public','public','customers','internal'])[1 + n % 5]::public.kb_visibility,
			'## ' || initcap(w.verb) || ' the ' || w.thing || E'\\n\\n' ||
			repeat('To ' || w.verb || ' your ' || w.thing || ' open the settings page, choose the ' ||
				w.thing || ' section and follow the steps. If the ' || w.thing ||
				' still fails, contact support with the error message. ', 4 + n % 5)
		from generate_series(1, ${articles}) as n
		cross join lateral (
			select (array['reset','update','export','delete','configure','connect','share','archive'])[1 + n % 8] as verb,
				(array['password','invoice','report','webhook','refund','calendar','mailbox','dashboard','team','integration','payment method','sign-in'])[1 + (n / 8) % 12] as thing
		) w
		cross join lateral (
			select id from public.kb_categories order by position offset n % 5 limit 1
		) c;
		analyze public.kb_articles;
	`);
}

/** Times `work` inside a transaction acting as an anonymous visitor, as PostgREST would. */
async function timeAsAnon(stack: Stack, work: (tx: Queryable) => Promise<unknown>) {
	const times: number[] = [];
	for (let i = 0; i < samples + 5; i++) {
		await stack.db.transaction(
			async (tx) => {
				await tx.query(
					`select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true)`
				);
				const start = performance.now();
				await work(tx);
				if (i >= 5) times.push(since(start));
			},
			{ rollback: true }
		);
	}
	return times;
}

const rowsOf = (database: string, name: string, times: number[], target?: string): BenchRow[] =>
	[50, 95].map((p) => ({
		suite: 'kb',
		case: name,
		database,
		metric: `p${p}`,
		value: percentile(times, p),
		unit: 'ms',
		target: p === 95 ? target : undefined
	}));

/**
 * Counts keystrokes from now on, and settles at the first DOM change that shows suggestions with
 * a link in them: what it saw last of the keyboard, and when (both `performance.now()`). (No named
 * functions in here: tsx would wrap them in a helper the page does not have.)
 */
const watchSuggestions = (page: Page) =>
	page.evaluate((giveUp) => {
		const probe: TypingProbe = { keys: 0, lastKey: 0, shown: 0 };
		const watching = new AbortController();
		document.addEventListener(
			'keydown',
			() => {
				probe.keys++;
				probe.lastKey = performance.now();
			},
			{ capture: true, signal: watching.signal }
		);
		window.benchSuggestions = new Promise((resolve, reject) => {
			const observer = new MutationObserver(() => {
				const now = performance.now();
				if (!document.querySelector('[aria-labelledby="suggestions-heading"] a[href]')) return;
				observer.disconnect();
				watching.abort();
				resolve({ ...probe, shown: now });
			});
			observer.observe(document.body, { subtree: true, childList: true });
			setTimeout(() => {
				observer.disconnect();
				watching.abort();
				reject(new Error(`no suggestions showed within ${giveUp} ms`));
			}, giveUp);
		});
	}, giveUpMs);

/**
 * Types each subject into an empty new-ticket form as fast as the browser takes keys, and times
 * the last keystroke to the suggestions showing. A sample where they showed before typing ended
 * (the machine stalled longer than the form's wait between two keys) is left out and counted.
 */
async function timeSuggestions(appUrl: string): Promise<{ times: number[]; discarded: number }> {
	const browser = await launchBrowser();
	try {
		const page = await signIn(browser, appUrl, 'client@autocrm.test');
		await page.goto('/client/tickets/new');
		const subjectField = page.getByLabel('Subject');
		const shown = page.getByRole('region', { name: 'These articles might help' });
		const times: number[] = [];
		let discarded = 0;
		for (let i = 0; times.length < samples; i++) {
			if (discarded > samples) throw new Error(`${discarded} samples showed before typing ended`);
			await subjectField.fill('');
			await shown.waitFor({ state: 'detached' });
			await watchSuggestions(page);
			const subject = subjects[i % subjects.length];
			await subjectField.pressSequentially(subject);
			const probe = await page.evaluate(() => window.benchSuggestions);
			if (!probe) throw new Error('the suggestions watch was lost (did the page reload?)');
			if (i < typingWarmup) continue;
			if (probe.keys < subject.length) discarded++;
			else times.push(probe.shown - probe.lastKey);
		}
		return { times, discarded };
	} finally {
		await browser.close();
	}
}

async function measure(database: string, stack: Stack): Promise<BenchRow[]> {
	await generateArticles(stack);
	const rows: BenchRow[] = [];
	const app = await startApp(stack);
	try {
		// The HTTP renders back to back (an idle keep-alive connection is closed by the server after
		// 5 s, and a reused closed one fails), then the SQL they run. One sample per search in turn,
		// so each percentile covers all of them.
		const each = Math.ceil(samples / searches.length);
		const pageTimes: number[] = [];
		for (const search of searches) {
			pageTimes.push(
				...(await timeRenders(`${app.url}/help/search?q=${encodeURIComponent(search)}`, '', each))
			);
		}
		const slug = 'generated-4321';
		const articleTimes = await timeRenders(`${app.url}/help/articles/${slug}`, '', samples);
		const sqlTimes: number[] = [];
		for (const search of searches) {
			const sql = await timeAsAnon(stack, (tx) =>
				tx.query(`select * from public.search_kb_articles($1, 20, null, 'published')`, [search])
			);
			sqlTimes.push(...sql.slice(0, each));
		}
		rows.push(
			...rowsOf(
				database,
				`help-center search page, ${searches.length} searches`,
				pageTimes,
				'p95 ≤ 50 ms'
			)
		);
		rows.push(...rowsOf(database, 'search_kb_articles (raw SQL, anon)', sqlTimes));
		rows.push(...rowsOf(database, 'article page render', articleTimes, 'p95 ≤ 30 ms'));
		rows.push(
			...rowsOf(
				database,
				'article select + related (raw SQL, anon)',
				await timeAsAnon(stack, async (tx) => {
					await tx.query(
						`select id, slug, title, body from public.kb_articles where slug = $1 and status = 'published'`,
						[slug]
					);
					await tx.query('select * from public.related_kb_articles($1, 4)', [slug]);
				})
			)
		);
		rows.push(
			...rowsOf(
				database,
				'suggest_kb_articles for a typed ticket (raw SQL)',
				await timeAsAnon(stack, (tx) =>
					tx.query(`select * from public.suggest_kb_articles($1, $2, 3)`, [
						'Cannot reset my password',
						'I tried to reset the password twice and the sign-in page still says it is wrong.'
					])
				)
			)
		);
		const typing = await timeSuggestions(app.url);
		rows.push(
			...rowsOf(
				database,
				'new-ticket form, last keystroke to suggestions shown (Chromium)',
				typing.times,
				'p95 ≤ 300 ms'
			),
			{
				suite: 'kb',
				case: 'new-ticket form, last keystroke to suggestions shown (Chromium)',
				database,
				metric: 'left out (shown before typing ended)',
				value: typing.discarded,
				unit: 'samples'
			}
		);
	} finally {
		await app.stop();
	}
	return rows;
}

export default {
	name: 'kb',
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
					databaseUrl: createDatabase(cluster, 'autocrm_kb_bench')
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
