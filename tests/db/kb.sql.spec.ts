// The knowledge base at the SQL level, as PostgREST runs requests: who reads which article (every
// visibility × status × role), who writes, the two-factor rule, every save kept and restorable,
// search ranking, highlights and typos, and votes, views and deflections counted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { projectRoot } from './support/demo';
import { signedIn } from './support/sessions';
import { actAs, actAsOwner, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

const category = 'cb000000-0000-4000-8000-000000000001';
const statuses = ['draft', 'published', 'archived'] as const;
const visibilities = ['public', 'customers', 'internal'] as const;
type Reader = 'anon' | 'client' | 'agent' | 'admin';

const as = (tx: Queryable, who: Reader) => actAs(tx, who === 'anon' ? null : claimsOf(who));

/** Inserts an article as the agent and returns its id. */
async function write(
	tx: Queryable,
	fields: {
		slug: string;
		title?: string;
		body?: string;
		tags?: string[];
		status?: string;
		visibility?: string;
	}
): Promise<number> {
	await as(tx, 'agent');
	const { rows } = await tx.query<{ id: number }>(
		`insert into public.kb_articles (category_id, slug, title, body, tags, status, visibility)
		 values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		[
			category,
			fields.slug,
			fields.title ?? `Article ${fields.slug}`,
			fields.body ?? 'Some helpful text.',
			`{${(fields.tags ?? []).join(',')}}`,
			fields.status ?? 'published',
			fields.visibility ?? 'public'
		]
	);
	return rows[0].id;
}

const slugsSeenBy = async (tx: Queryable, who: Reader, prefix: string) => {
	await as(tx, who);
	const { rows } = await tx.query<{ slug: string }>(
		`select slug from public.kb_articles where slug like $1 || '%' order by slug`,
		[prefix]
	);
	return rows.map((row) => row.slug);
};

describe('who reads which article', () => {
	it('anonymous: published public; customers: also published customers; staff: everything', async () => {
		await rolledBack(stack.db, async (tx) => {
			for (const status of statuses) {
				for (const visibility of visibilities) {
					await write(tx, { slug: `m-${status}-${visibility}`, status, visibility });
				}
			}
			const all = statuses.flatMap((s) => visibilities.map((v) => `m-${s}-${v}`)).sort();
			expect(await slugsSeenBy(tx, 'anon', 'm-')).toEqual(['m-published-public']);
			expect(await slugsSeenBy(tx, 'client', 'm-')).toEqual([
				'm-published-customers',
				'm-published-public'
			]);
			expect(await slugsSeenBy(tx, 'agent', 'm-')).toEqual(all);
			expect(await slugsSeenBy(tx, 'admin', 'm-')).toEqual(all);
		});
	});

	it('lets everyone read the categories, in order', async () => {
		await rolledBack(stack.db, async (tx) => {
			for (const who of ['anon', 'client', 'agent'] as const) {
				await as(tx, who);
				const { rows } = await tx.query<{ name: string }>(
					'select name from public.kb_categories order by position'
				);
				expect(rows.map((r) => r.name)).toEqual([
					'Getting started',
					'Account and sign-in',
					'Billing and invoices',
					'Tickets and notifications',
					'Troubleshooting'
				]);
			}
		});
	});

	it('keeps the seeded internal articles and drafts from customers', async () => {
		await rolledBack(stack.db, async (tx) => {
			await as(tx, 'agent');
			const staff = await tx.query<{ n: number }>(
				'select count(*)::int as n from public.kb_articles'
			);
			expect(staff.rows[0].n).toBe(25);
			await as(tx, 'client');
			const { rows } = await tx.query<{ visibility: string; status: string }>(
				'select distinct visibility, status from public.kb_articles'
			);
			expect(rows.every((r) => r.status === 'published' && r.visibility !== 'internal')).toBe(true);
		});
	});
});

describe('who writes', () => {
	it('refuses customers and anonymous visitors', async () => {
		await rolledBack(stack.db, async (tx) => {
			const id = await write(tx, { slug: 'w-1' });
			for (const who of ['anon', 'client'] as const) {
				await as(tx, who);
				const insert = await failure(
					tx,
					`insert into public.kb_articles (category_id, slug, title) values ($1, 'w-x', 'X')`,
					[category]
				);
				expect(insert.code).toBe('42501');
			}
			// Customers get nothing to change; anonymous callers may not even try.
			const update = `update public.kb_articles set title = 'Hacked' where id = $1`;
			const rename = `update public.kb_categories set name = 'Hacked'`;
			await as(tx, 'anon');
			expect((await failure(tx, update, [id])).code).toBe('42501');
			expect((await failure(tx, rename)).code).toBe('42501');
			await as(tx, 'client');
			expect((await tx.query(update, [id])).affectedRows).toBe(0);
			expect((await tx.query(rename)).affectedRows).toBe(0);
		});
	});

	it('refuses a duplicate slug, a malformed slug and a megabyte of text', async () => {
		await rolledBack(stack.db, async (tx) => {
			await write(tx, { slug: 'dup' });
			expect(
				(
					await failure(
						tx,
						`insert into public.kb_articles (category_id, slug, title) values ($1, 'dup', 'Again')`,
						[category]
					)
				).code
			).toBe('23505');
			expect(
				(
					await failure(
						tx,
						`insert into public.kb_articles (category_id, slug, title) values ($1, 'Not a slug!', 'X')`,
						[category]
					)
				).code
			).toBe('23514');
			expect(
				(
					await failure(
						tx,
						`insert into public.kb_articles (category_id, slug, title, body) values ($1, 'big', 'Big', repeat('a', 1048576))`,
						[category]
					)
				).code
			).toBe('23514');
		});
	});

	it('needs the second factor for staff edits and staff-only reads when it is required', async () => {
		await rolledBack(stack.db, async (tx) => {
			const id = await write(tx, { slug: 'mfa-1' });
			const internal = await write(tx, { slug: 'mfa-3', visibility: 'internal' });
			await write(tx, { slug: 'mfa-4', status: 'draft' });
			await actAsOwner(tx);
			await tx.query('update public.app_settings set require_staff_mfa = true');
			await as(tx, 'agent');
			const insert = await failure(
				tx,
				`insert into public.kb_articles (category_id, slug, title) values ($1, 'mfa-2', 'X')`,
				[category]
			);
			expect(insert.code).toBe('42501');
			const update = await tx.query(
				`update public.kb_articles set title = 'Changed' where id = $1`,
				[id]
			);
			expect(update.affectedRows).toBe(0);
			const categoryInsert = await failure(
				tx,
				`insert into public.kb_categories (name, slug) values ('New', 'new')`
			);
			expect(categoryInsert.code).toBe('42501');
			// Reading what a customer may read stays open; drafts, internal articles and the staff-only
			// tables wait for the second factor, and so does voting on an internal article.
			expect(await slugsSeenBy(tx, 'agent', 'mfa-')).toEqual(['mfa-1']);
			await as(tx, 'agent');
			const staffOnly = await tx.query<{ revisions: number; stats: number; votes: number }>(
				`select (select count(*)::int from public.kb_revisions) as revisions,
				   (select count(*)::int from public.kb_article_stats) as stats,
				   (select count(*)::int from public.kb_votes) as votes`
			);
			expect(staffOnly.rows[0]).toEqual({ revisions: 0, stats: 0, votes: 0 });
			const vote = await failure(tx, `select public.vote_kb_article($1, true)`, [internal]);
			expect(vote.code).toBe('P0002');

			await actAs(tx, { ...claimsOf('agent'), aal: 'aal2' });
			const seen = await tx.query<{ slug: string }>(
				`select slug from public.kb_articles where slug like 'mfa-%' order by slug`
			);
			expect(seen.rows.map((row) => row.slug)).toEqual(['mfa-1', 'mfa-3', 'mfa-4']);
			const revisions = await tx.query<{ count: number }>(
				'select count(*)::int as count from public.kb_revisions'
			);
			expect(revisions.rows[0].count).toBeGreaterThan(0);
			const stepped = await tx.query(
				`update public.kb_articles set title = 'Changed' where id = $1`,
				[id]
			);
			expect(stepped.affectedRows).toBe(1);
		});
	});

	it('normalises tags and stamps author, times and publication', async () => {
		await rolledBack(stack.db, async (tx) => {
			const id = await write(tx, {
				slug: 'stamp',
				tags: [' Billing', 'billing', 'VAT '],
				status: 'draft'
			});
			await as(tx, 'admin');
			await tx.query(
				`update public.kb_articles set status = 'published', author_id = null where id = $1`,
				[id]
			);
			const { rows } = await tx.query<{ tags: string[]; author_id: string; published: boolean }>(
				`select tags, author_id, published_at is not null as published from public.kb_articles where id = $1`,
				[id]
			);
			expect(rows[0]).toEqual({
				tags: ['billing', 'vat'],
				author_id: claimsOf('agent').sub,
				published: true
			});
		});
	});
});

describe('revisions', () => {
	it('keeps every save, skips saves that change nothing, and restores an earlier one', async () => {
		await rolledBack(stack.db, async (tx) => {
			const id = await write(tx, { slug: 'rev', title: 'First title', body: 'First body' });
			await tx.query(`update public.kb_articles set body = 'Second body' where id = $1`, [id]);
			await tx.query(`update public.kb_articles set body = 'Second body' where id = $1`, [id]);
			await as(tx, 'admin');
			await tx.query(
				`update public.kb_articles set title = 'Third title', status = 'draft' where id = $1`,
				[id]
			);
			const first = await tx.query<{ id: number }>(
				`select id from public.kb_revisions where article_id = $1 and revision = 1`,
				[id]
			);
			const restored = await tx.query<{ title: string; body: string; status: string }>(
				`select title, body, status from public.restore_kb_revision($1)`,
				[first.rows[0].id]
			);
			expect(restored.rows[0]).toEqual({
				title: 'First title',
				body: 'First body',
				status: 'draft'
			});
			const { rows } = await tx.query(
				`select revision, title, body, status, editor_id, restored_from
				 from public.kb_revisions where article_id = $1 order by revision`,
				[id]
			);
			expect(rows).toEqual([
				{
					revision: 1,
					title: 'First title',
					body: 'First body',
					status: 'published',
					editor_id: claimsOf('agent').sub,
					restored_from: null
				},
				{
					revision: 2,
					title: 'First title',
					body: 'Second body',
					status: 'published',
					editor_id: claimsOf('agent').sub,
					restored_from: null
				},
				{
					revision: 3,
					title: 'Third title',
					body: 'Second body',
					status: 'draft',
					editor_id: claimsOf('admin').sub,
					restored_from: null
				},
				{
					revision: 4,
					title: 'First title',
					body: 'First body',
					status: 'draft',
					editor_id: claimsOf('admin').sub,
					restored_from: 1
				}
			]);
		});
	});

	it('are read by staff only and written by nobody', async () => {
		await rolledBack(stack.db, async (tx) => {
			const id = await write(tx, { slug: 'rev-ro' });
			const revision = (
				await tx.query<{ id: number }>(`select id from public.kb_revisions where article_id = $1`, [
					id
				])
			).rows[0].id;
			for (const who of ['anon', 'client'] as const) {
				await as(tx, who);
				const { rows } = await tx.query('select id from public.kb_revisions');
				expect(rows).toEqual([]);
			}
			await as(tx, 'client');
			expect((await failure(tx, 'select public.restore_kb_revision($1)', [revision])).code).toBe(
				'P0002'
			);
			await as(tx, 'anon');
			expect((await failure(tx, 'select public.restore_kb_revision($1)', [revision])).code).toBe(
				'42501'
			);
			await as(tx, 'admin');
			expect(
				(await failure(tx, `update public.kb_revisions set body = 'x' where id = $1`, [revision]))
					.code
			).toBe('42501');
		});
	});
});

interface Hit {
	slug: string;
	title_highlight: string;
	snippet: string;
}

const search = async (
	tx: Queryable,
	who: Reader,
	text: string,
	status: string | null = 'published'
) => {
	await as(tx, who);
	const { rows } = await tx.query<Hit>(
		`select slug, title_highlight, snippet from public.search_kb_articles($1, 10, null, $2::public.kb_article_status)`,
		[text, status]
	);
	return rows;
};

describe('search', () => {
	it('ranks title matches above tags above body', async () => {
		await rolledBack(stack.db, async (tx) => {
			await write(tx, {
				slug: 's-body',
				title: 'Something else',
				body: 'Mention of zeppelin here.'
			});
			await write(tx, { slug: 's-tag', title: 'Another thing', tags: ['zeppelin'] });
			await write(tx, { slug: 's-title', title: 'Zeppelin basics', body: 'Nothing more.' });
			const hits = await search(tx, 'anon', 'zeppelin');
			expect(hits.map((h) => h.slug)).toEqual(['s-title', 's-tag', 's-body']);
		});
	});

	it('marks the matched words in title and snippet, without Markdown punctuation', async () => {
		await rolledBack(stack.db, async (tx) => {
			await write(tx, {
				slug: 's-mark',
				title: 'Zeppelin care',
				body: 'Keep your **zeppelin** away from [sharp things](https://x.test).'
			});
			const [hit] = await search(tx, 'anon', 'zeppelins');
			expect(hit.title_highlight).toBe('\u0002Zeppelin\u0003 care');
			expect(hit.snippet).toContain('\u0002zeppelin\u0003');
			expect(hit.snippet).toContain('sharp things');
			expect(hit.snippet).not.toMatch(/\*\*|\]\(|https/);
		});
	});

	it('finds a seeded article despite a typo, and reads tsquery syntax as plain text', async () => {
		await rolledBack(stack.db, async (tx) => {
			expect((await search(tx, 'anon', 'pasword'))[0]?.slug).toBe('reset-your-password');
			expect((await search(tx, 'anon', 'reset password'))[0]?.slug).toBe('reset-your-password');
			for (const text of ["password & | ! ( ) : * <-> '", '"', '-', '!!!', '(', 'a:*b']) {
				await expect(search(tx, 'anon', text)).resolves.toBeInstanceOf(Array);
			}
			expect(await search(tx, 'anon', '   ')).toEqual([]);
		});
	});

	it('finds only what the caller may read', async () => {
		await rolledBack(stack.db, async (tx) => {
			// "refund" is in the internal refund policy and in one public article.
			expect((await search(tx, 'anon', 'refund')).map((h) => h.slug)).toEqual([
				'invoice-shows-wrong-amount'
			]);
			expect((await search(tx, 'agent', 'refund')).map((h) => h.slug)).toContain(
				'refund-approval-policy'
			);
			expect((await search(tx, 'anon', 'checklist', null)).map((h) => h.slug)).toEqual([]);
			expect((await search(tx, 'agent', 'checklist', null)).map((h) => h.slug)).toEqual([
				'getting-started-checklist-draft'
			]);
		});
	});

	it('suggests published articles from any of a ticket’s words, and relates articles by tags', async () => {
		await rolledBack(stack.db, async (tx) => {
			await as(tx, 'client');
			const { rows } = await tx.query<{ slug: string }>(
				`select slug from public.suggest_kb_articles('Forgot my password', 'I cannot sign in since yesterday, the page says wrong password')`
			);
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.length).toBeLessThanOrEqual(3);
			expect(rows.map((r) => r.slug)).toContain('reset-your-password');
			const related = await tx.query<{ slug: string }>(
				`select r.slug from public.related_kb_articles('reset-your-password') r`
			);
			expect(related.rows.map((r) => r.slug)).toContain('cannot-sign-in');
			expect(related.rows.map((r) => r.slug)).not.toContain(
				'verify-identity-before-account-changes'
			);
		});
	});
});

describe('votes, views and deflections', () => {
	const visitor = '11111111-1111-4111-8111-111111111111';
	const idOf = async (tx: Queryable, slug: string) => {
		await actAsOwner(tx);
		return (
			await tx.query<{ id: number }>('select id from public.kb_articles where slug = $1', [slug])
		).rows[0].id;
	};
	const statsOf = async (tx: Queryable, id: number) => {
		await as(tx, 'agent');
		return (
			await tx.query(
				'select views::int, helpful, not_helpful, deflections from public.kb_article_stats where article_id = $1',
				[id]
			)
		).rows[0];
	};

	it('counts one vote per visitor per article, however often they press', async () => {
		await rolledBack(stack.db, async (tx) => {
			const id = await write(tx, { slug: 'v-1' });
			await as(tx, 'anon');
			const answers: string[] = [];
			for (let i = 0; i < 100; i++) {
				const { rows } = await tx.query<{ answer: string }>(
					'select public.vote_kb_article($1, $2, $3) as answer',
					[id, i % 2 === 0, visitor]
				);
				answers.push(rows[0].answer);
			}
			expect(answers[0]).toBe('recorded');
			expect(new Set(answers.slice(1))).toEqual(new Set(['already voted']));
			expect(await statsOf(tx, id)).toEqual({
				views: 0,
				helpful: 1,
				not_helpful: 0,
				deflections: 0
			});
		});
	});

	it('rate-limits a visitor voting on many articles, and refuses what they may not read', async () => {
		await rolledBack(stack.db, async (tx) => {
			const ids: number[] = [];
			for (let i = 0; i < 21; i++) ids.push(await write(tx, { slug: `v-many-${i}` }));
			const internal = await write(tx, { slug: 'v-internal', visibility: 'internal' });
			await as(tx, 'anon');
			for (const id of ids.slice(0, 20)) {
				await tx.query('select public.vote_kb_article($1, true, $2)', [id, visitor]);
			}
			expect(
				(await failure(tx, 'select public.vote_kb_article($1, true, $2)', [ids[20], visitor])).code
			).toBe('PT429');
			expect(
				(await failure(tx, 'select public.vote_kb_article($1, true, $2)', [internal, visitor])).code
			).toBe('P0002');
			expect(
				(await failure(tx, 'select public.vote_kb_article($1, true, null)', [ids[20]])).code
			).toBe('22023');
		});
	});

	it('counts a view once a day per visitor, never of an unreadable article', async () => {
		await rolledBack(stack.db, async (tx) => {
			const id = await idOf(tx, 'reset-your-password');
			const before = (await statsOf(tx, id)) as { views: number };
			const draft = await idOf(tx, 'getting-started-checklist-draft');
			await as(tx, 'anon');
			const counted: boolean[] = [];
			for (const article of [id, id, draft]) {
				const { rows } = await tx.query<{ counted: boolean }>(
					'select public.record_kb_view($1, $2) as counted',
					[article, visitor]
				);
				counted.push(rows[0].counted);
			}
			expect(counted).toEqual([true, false, false]);
			expect(((await statsOf(tx, id)) as { views: number }).views).toBe(before.views + 1);
		});
	});

	it('counts deflections for signed-in people only, at most three articles at once', async () => {
		await rolledBack(stack.db, async (tx) => {
			const id = await write(tx, { slug: 'd-1' });
			await as(tx, 'anon');
			expect((await failure(tx, 'select public.record_kb_deflection($1)', [`{${id}}`])).code).toBe(
				'42501'
			);
			await as(tx, 'client');
			expect(
				(await failure(tx, 'select public.record_kb_deflection($1)', ['{1,2,3,4}'])).code
			).toBe('22023');
			const { rows } = await tx.query<{ n: number }>(
				'select public.record_kb_deflection($1) as n',
				[`{${id}}`]
			);
			expect(rows[0].n).toBe(1);
			expect(await statsOf(tx, id)).toEqual({
				views: 0,
				helpful: 0,
				not_helpful: 0,
				deflections: 1
			});
		});
	});

	it('shows the numbers to staff only', async () => {
		await rolledBack(stack.db, async (tx) => {
			for (const who of ['anon', 'client'] as const) {
				await as(tx, who);
				const { rows } = await tx.query('select 1 from public.kb_article_stats');
				expect(rows).toEqual([]);
			}
			await as(tx, 'agent');
			const { rows } = await tx.query('select 1 from public.kb_article_stats');
			expect(rows.length).toBeGreaterThan(10);
		});
	});
});

describe('through the Supabase API', () => {
	it('answers an anonymous visitor with published public articles only', async () => {
		const anon = stack.client();
		const { data, error } = await anon.from('kb_articles').select('slug, status, visibility');
		expect(error).toBeNull();
		expect(data!.length).toBeGreaterThan(10);
		expect(data!.every((a) => a.status === 'published' && a.visibility === 'public')).toBe(true);
		const search = await anon.rpc('search_kb_articles', {
			search: 'refund',
			with_status: 'published'
		});
		expect(search.data?.map((hit: { slug: string }) => hit.slug)).toEqual([
			'invoice-shows-wrong-amount'
		]);
	});

	it('lets staff upload article images into the public kb bucket, and nobody else', async () => {
		const png = new Blob([Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10])], {
			type: 'image/png'
		});
		const client = await signedIn(stack, 'client');
		const refused = await client.storage.from('kb').upload('client/x.png', png);
		expect(refused.error).not.toBeNull();
		const agent = await signedIn(stack, 'agent');
		const uploaded = await agent.storage.from('kb').upload('articles/diagram.png', png);
		expect(uploaded.error).toBeNull();
		const url = stack.client().storage.from('kb').getPublicUrl('articles/diagram.png')
			.data.publicUrl;
		const response = await fetch(url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('image/png');
		const script = await agent.storage
			.from('kb')
			.upload('articles/x.html', new Blob(['<script></script>'], { type: 'text/html' }));
		expect(script.error).not.toBeNull();
	});
});
