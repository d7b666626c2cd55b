// The help center with 10,000 articles (generated with SQL), on in-memory PGlite and a throwaway
// PostgreSQL 15: server time of the search page and of an article page (the production build over
// HTTP, as an anonymous visitor), each beside the raw SQL it runs (search_kb_articles as `anon`; the
// article's select), and the SQL behind the new-ticket form's suggestions.
import { createStack, type Stack } from '../stack';
import type { Queryable } from '../stack/db';
import { build, root, startApp, timeRenders } from './support/app';
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
				),
				'suggestions shown ≤ 300 ms after typing stops'
			)
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
