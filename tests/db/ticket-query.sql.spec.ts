// The queue's functions at the SQL level, as PostgREST runs them for a signed-in user: every filter
// returns exactly the tickets the same condition selects, every sort orders them as SQL does, keyset
// pages add up to the whole view, search finds and ranks words anywhere in a conversation with the
// matches marked, counts agree, and bad input is refused with a message for people (22023).
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot, supportTeamId, type DemoName } from './support/demo';
import { everyone, type Who } from './support/sessions';
import { actAs, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(() => stack?.stop());

interface Row {
	id: number;
	subject: string;
	status: string;
	assignee_id: string | null;
	rank: number | null;
	headline: string | null;
	snippet: string | null;
	snippet_kind: string | null;
	cursor: unknown[];
}

/** One page of `query` as `who` sees it, inside `tx`. */
async function list(
	tx: Queryable,
	query: object,
	{
		who = 'agent',
		after = null,
		size = 500
	}: { who?: DemoName; after?: unknown; size?: number } = {}
): Promise<Row[]> {
	await actAs(tx, claimsOf(who));
	const { rows } = await tx.query<Row>(
		'select * from public.list_tickets($1::jsonb, $2::jsonb, $3)',
		[JSON.stringify(query), after === null ? null : JSON.stringify(after), size]
	);
	await tx.query('reset role');
	return rows;
}

/** The ids the same condition selects, as the table's owner, in the queue's default order. */
async function selected(tx: Queryable, where: string, order = 'updated_at desc, id desc') {
	const { rows } = await tx.query<{ id: number }>(
		`select id from public.tickets where ${where} order by ${order}`
	);
	return rows.map((row) => Number(row.id));
}

const ids = (rows: Row[]) => rows.map((row) => Number(row.id));

/** Tickets only these tests use, with tags, teams and words of their own. */
async function addTickets(tx: Queryable) {
	const { rows } = await tx.query<{ id: number }>(
		`insert into public.tickets (subject, description, customer_id, team_id, tags, priority, updated_at)
		 values
		   ('Zebrafish tank leaking', 'Water everywhere.', $1, $2, '{vip,hardware}', 'urgent', now() - interval '1 hour'),
		   ('Order not delivered', 'The zebrafish food never arrived.', $1, null, '{vip}', 'low', now() - interval '2 hours'),
		   ('Question about plans', 'Which plan do I need?', $3, $2, '{hardware}', 'high', now() - interval '3 hours'),
		   ('Account settings', 'Where do I change my email?', $3, null, '{}', 'normal', now() - interval '4 hours')
		 returning id`,
		[demo.client.id, supportTeamId, demo.client2.id]
	);
	const [subject, description, reply, note] = rows.map((row) => Number(row.id));
	await tx.query(
		`insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal) values
		   ($1, $3, 'reply', 'Could this be the zebrafish plan? Let me check.', false),
		   ($2, $3, 'note', 'Customer keeps zebrafish, mention the aquarium discount.', true)`,
		[reply, note, demo.agent.id]
	);
	return { subject, description, reply, note };
}

describe('filters', () => {
	const cases: [string, object, string][] = [
		['one status', { status: ['pending'] }, `status = 'pending'`],
		['several statuses', { status: ['open', 'on_hold'] }, `status in ('open', 'on_hold')`],
		['a priority', { priority: ['urgent', 'high'] }, `priority in ('urgent', 'high')`],
		['me as assignee', { assignee: ['me'] }, `assignee_id = '${demo.agent.id}'`],
		['unassigned', { assignee: ['none'] }, `assignee_id is null`],
		[
			'an agent or nobody',
			{ assignee: [demo.agent2.id, 'none'] },
			`assignee_id = '${demo.agent2.id}' or assignee_id is null`
		],
		['a team', { team: [supportTeamId] }, `team_id = '${supportTeamId}'`],
		['no team', { team: ['none'] }, `team_id is null`],
		['any of some tags', { tags: ['vip', 'login'] }, `tags && '{vip,login}'`],
		[
			'all of some tags',
			{ tags: ['vip', 'hardware'], tags_mode: 'all' },
			`tags @> '{vip,hardware}'`
		],
		['a customer', { customer: [demo.client.id] }, `customer_id = '${demo.client.id}'`],
		[
			'created between two days',
			{ created: { from: '2000-01-01', to: new Date().toISOString().slice(0, 10) } },
			`created_at >= '2000-01-01' and created_at < current_date + 1`
		],
		[
			'updated in the last 3 days',
			{ updated: { days: 3 } },
			`updated_at >= now() - interval '3 days'`
		],
		[
			'three filters',
			{ status: ['open', 'pending', 'on_hold'], priority: ['urgent'], tags: ['vip'] },
			`status in ('open', 'pending', 'on_hold') and priority = 'urgent' and tags && '{vip}'`
		]
	];
	for (const [name, query, where] of cases) {
		it(`selects ${name}, exactly`, async () => {
			const [listed, expected] = await rolledBack(stack.db, async (tx) => {
				await addTickets(tx);
				return [ids(await list(tx, query)), await selected(tx, where)];
			});
			expect(expected.length).toBeGreaterThan(0);
			expect(listed).toEqual(expected);
		});
	}

	it('reads "me" as whoever asks, so a shared view shows each agent their own', async () => {
		const [mine, theirs] = await rolledBack(stack.db, async (tx) => [
			ids(await list(tx, { assignee: ['me'] }, { who: 'agent' })),
			ids(await list(tx, { assignee: ['me'] }, { who: 'agent2' }))
		]);
		expect(mine.length).toBeGreaterThan(0);
		expect(theirs.length).toBeGreaterThan(0);
		expect(mine.filter((id) => theirs.includes(id))).toEqual([]);
	});

	it('returns only the columns a row shows, with names instead of ids alone', async () => {
		const [row] = await rolledBack(stack.db, (tx) => list(tx, {}, { size: 1 }));
		expect(Object.keys(row).sort()).toEqual(
			[
				'id',
				'subject',
				'status',
				'priority',
				'tags',
				'created_at',
				'updated_at',
				'customer_id',
				'customer_name',
				'assignee_id',
				'assignee_name',
				'team_id',
				'team_name',
				'sla_due_at',
				'sla_warn_at',
				'sla_paused_at',
				'rank',
				'headline',
				'snippet',
				'snippet_kind',
				'cursor'
			].sort()
		);
	});
});

describe('sorting and keyset pages', () => {
	const orders: [object, string][] = [
		[{}, 'updated_at desc, id desc'],
		[{ sort: 'updated', dir: 'asc' }, 'updated_at, id'],
		[{ sort: 'created' }, 'created_at desc, id desc'],
		[{ sort: 'id', dir: 'asc' }, 'id'],
		[{ sort: 'subject' }, 'subject, id'],
		[{ sort: 'status' }, 'status, updated_at, id'],
		[{ sort: 'priority' }, 'priority desc, updated_at desc, id desc'],
		[
			{ sort: 'customer' },
			`(select lower(full_name) from public.profiles p where p.id = customer_id), id`
		],
		[
			{ sort: 'assignee', dir: 'desc' },
			`coalesce((select lower(full_name) from public.profiles p where p.id = assignee_id), '') desc, id desc`
		],
		[
			{ sort: 'team' },
			`coalesce((select lower(name) from public.teams t where t.id = team_id), ''), id`
		],
		[{ sort: 'sla' }, `coalesce(sla_due_at, 'infinity'), id`],
		[{ sort: 'sla', dir: 'desc' }, `coalesce(sla_due_at, 'infinity') desc, id desc`]
	];
	for (const [query, order] of orders) {
		it(`orders by ${JSON.stringify(query)} as SQL does, and pages of 7 add up to the whole`, async () => {
			const [whole, paged, expected] = await rolledBack(stack.db, async (tx) => {
				const all = await list(tx, query);
				const pages: Row[] = [];
				let after: unknown = null;
				for (;;) {
					const page = await list(tx, query, { after, size: 7 });
					pages.push(...page);
					if (page.length < 7) break;
					after = page[page.length - 1].cursor;
				}
				return [ids(all), ids(pages), await selected(tx, 'true', order)];
			});
			expect(whole).toEqual(expected);
			expect(paged).toEqual(expected);
		});
	}

	it('continues after the cursor even when the row it came from has changed since', async () => {
		const [first, next, expected] = await rolledBack(stack.db, async (tx) => {
			const page = await list(tx, {}, { size: 5 });
			await tx.query(`update public.tickets set updated_at = now() where id = $1`, [page[4].id]);
			return [
				page,
				await list(tx, {}, { after: page[4].cursor, size: 5 }),
				await selected(tx, 'true')
			];
		});
		// The cursor holds the values the page ended at, not the ticket: the next page goes on from there.
		expect(ids(next)).toEqual(expected.slice(5, 10));
		expect(ids(next)).not.toContain(first[4].id);
	});
});

describe('SLA views', () => {
	it('selects the breached and the breaching soon tickets, exactly, soonest due first', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const { subject: late, description: soon, reply: early } = await addTickets(tx);
			// First responses due 10 minutes ago, in 30 minutes (the last quarter of a normal ticket's
			// 8 hours) and in 5 hours.
			await tx.query(`update public.tickets set priority = 'normal' where id in ($1, $2, $3)`, [
				late,
				soon,
				early
			]);
			for (const [id, minutes] of [
				[late, -10],
				[soon, 30],
				[early, 300]
			]) {
				await tx.query(
					`update public.tickets set first_response_due_at = now() + make_interval(mins => $2)
					 where id = $1`,
					[id, minutes]
				);
			}
			const order = `coalesce(sla_due_at, 'infinity'), id`;
			return {
				ids: { late, soon, early },
				breached: ids(await list(tx, { sla: 'breached', sort: 'sla' })),
				breaching: ids(await list(tx, { sla: 'soon', sort: 'sla' })),
				expectedBreached: await selected(tx, `sla_due_at <= now()`, order),
				expectedBreaching: await selected(tx, `sla_warn_at <= now() and sla_due_at > now()`, order)
			};
		});
		expect(result.breached).toEqual(result.expectedBreached);
		expect(result.breaching).toEqual(result.expectedBreaching);
		expect(result.breached).toContain(result.ids.late);
		expect(result.breaching).toContain(result.ids.soon);
		expect([...result.breached, ...result.breaching]).not.toContain(result.ids.early);
	});

	it('pauses a pending ticket out of both views', async () => {
		const listed = await rolledBack(stack.db, async (tx) => {
			const { subject } = await addTickets(tx);
			await tx.query(
				`update public.tickets set first_response_due_at = now() - interval '1 minute' where id = $1`,
				[subject]
			);
			await tx.query(`update public.tickets set status = 'pending' where id = $1`, [subject]);
			return [
				...ids(await list(tx, { sla: 'breached' })),
				...ids(await list(tx, { sla: 'soon' }))
			].filter((id) => id === subject);
		});
		expect(listed).toEqual([]);
	});
});

describe('search', () => {
	it('finds a word in the subject, the description, a reply and an internal note, best first', async () => {
		const [rows, added] = await rolledBack(stack.db, async (tx) => {
			const tickets = await addTickets(tx);
			return [await list(tx, { search: 'zebrafish' }), tickets];
		});
		expect(ids(rows)).toEqual([added.subject, added.description, added.reply, added.note]);
		expect(rows.map((row) => row.snippet_kind)).toEqual([
			'description',
			'description',
			'reply',
			'note'
		]);
		const ranks = rows.map((row) => row.rank ?? 0);
		expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
	});

	it('marks the matching words in the subject and the snippet', async () => {
		const [first] = await rolledBack(stack.db, async (tx) => {
			await addTickets(tx);
			return list(tx, { search: 'zebrafish' });
		});
		expect(first.headline).toBe('\u0002Zebrafish\u0003 tank leaking');
		const [, , reply] = await rolledBack(stack.db, async (tx) => {
			await addTickets(tx);
			return list(tx, { search: 'zebrafish' });
		});
		expect(reply.snippet).toContain('\u0002zebrafish\u0003 plan');
	});

	it('shows the description when both it and a reply match, and a matching reply otherwise', async () => {
		const rows = await rolledBack(stack.db, async (tx) => {
			const added = await addTickets(tx);
			await tx.query(
				`insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal)
				 values ($1, $2, 'reply', 'We are sending more zebrafish food today.', false)`,
				[added.description, demo.agent.id]
			);
			const found = await list(tx, { search: 'zebrafish' });
			return Object.fromEntries(found.map((row) => [Number(row.id), row])) as Record<number, Row>;
		});
		const [subject, description, reply] = Object.values(rows).sort((a, b) => a.id - b.id);
		expect(description.snippet_kind).toBe('description');
		expect(description.snippet).toContain('\u0002zebrafish\u0003 food never arrived');
		expect(reply.snippet_kind).toBe('reply');
		// Matched in the subject only: the description, unmarked.
		expect(subject.snippet).toBe('Water everywhere.');
	});

	for (const dir of ['desc', 'asc']) {
		it(`pages a search by relevance (${dir}) that add up to the whole`, async () => {
			const [whole, paged] = await rolledBack(stack.db, async (tx) => {
				await addTickets(tx);
				const query = { search: 'zebrafish or water or plan', dir };
				const all = await list(tx, query);
				const pages: Row[] = [];
				let after: unknown = null;
				for (;;) {
					const page = await list(tx, query, { after, size: 2 });
					pages.push(...page);
					if (page.length < 2) break;
					after = page[page.length - 1].cursor;
				}
				return [all, pages];
			});
			expect(whole.length).toBeGreaterThan(4);
			expect(ids(paged)).toEqual(ids(whole));
			const ranks = whole.map((row) => row.rank ?? 0);
			const sorted = [...ranks].sort((a, b) => (dir === 'desc' ? b - a : a - b));
			expect(ranks).toEqual(sorted);
		});
	}

	it('understands quotes, -word and or, as people type them', async () => {
		const results = await rolledBack(stack.db, async (tx) => {
			const added = await addTickets(tx);
			return {
				added,
				phrase: ids(await list(tx, { search: '"zebrafish tank"' })),
				without: ids(await list(tx, { search: 'zebrafish -tank -food' })),
				either: ids(await list(tx, { search: 'aquarium or delivered' }))
			};
		});
		expect(results.phrase).toEqual([results.added.subject]);
		expect(results.without).toEqual([results.added.reply, results.added.note]);
		expect(results.either.sort()).toEqual([results.added.description, results.added.note].sort());
	});

	it('combines with filters and other sorts', async () => {
		const [rows, added] = await rolledBack(stack.db, async (tx) => {
			const tickets = await addTickets(tx);
			return [
				await list(tx, { search: 'zebrafish', tags: ['vip'], sort: 'priority', dir: 'asc' }),
				tickets
			];
		});
		expect(ids(rows)).toEqual([added.description, added.subject]);
	});

	it('treats SQL-looking text as words', async () => {
		const rows = await rolledBack(stack.db, (tx) =>
			list(tx, { search: "invoice'; drop table public.tickets; --" })
		);
		expect(rows).toEqual([]);
		const [{ n }] = (
			await stack.db.query<{ n: number }>('select count(*)::int as n from public.tickets')
		).rows;
		expect(n).toBeGreaterThan(0);
	});
});

describe('counts', () => {
	it('count each named query exactly below 10,000', async () => {
		const counts = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			const { rows } = await tx.query<{ key: string; count: number; exact: boolean }>(
				`select * from public.count_tickets($1::jsonb)`,
				[JSON.stringify({ all: {}, pending: { status: ['pending'] }, mine: { assignee: ['me'] } })]
			);
			await tx.query('reset role');
			return {
				rows,
				all: (await selected(tx, 'true')).length,
				pending: (await selected(tx, `status = 'pending'`)).length,
				mine: (await selected(tx, `assignee_id = '${demo.agent.id}'`)).length
			};
		});
		expect(counts.rows).toEqual([
			{ key: 'all', count: counts.all, exact: true },
			{ key: 'mine', count: counts.mine, exact: true },
			{ key: 'pending', count: counts.pending, exact: true }
		]);
	});
});

describe('who may ask', () => {
	it('answers agents and admins through the API', async () => {
		for (const who of ['agent', 'admin'] as const) {
			const { data, error } = await as[who].rpc('list_tickets', { query: {}, page_size: 5 });
			expect(error).toBeNull();
			expect(data).toHaveLength(5);
		}
		const { data } = await as.agent.rpc('count_tickets', { queries: { all: {} } });
		expect(data).toEqual([{ key: 'all', count: expect.any(Number), exact: true }]);
	});

	it('refuses customers and anonymous callers, even for their own tickets', async () => {
		for (const who of ['client', 'anon'] as const) {
			const listed = await as[who].rpc('list_tickets', { query: { customer: [demo.client.id] } });
			expect(listed.data).toBeNull();
			expect(listed.error?.code).toBe('42501');
			const counted = await as[who].rpc('count_tickets', { queries: { all: {} } });
			expect(counted.error?.code).toBe('42501');
		}
	});

	it('offers no way to the documents or the builders from the API', async () => {
		const { error } = await as.agent.rpc('ticket_list_sql' as never, {} as never);
		expect(error?.code).toBe('PGRST202');
		const direct = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			return failure(tx, 'select * from private.ticket_search limit 1');
		});
		expect(direct.code).toBe('42501');
	});
});

describe('bad input', () => {
	const refusals: [string, object, unknown, number, RegExp][] = [
		['an unknown filter', { owner: ['x'] }, null, 50, /There is no "owner" filter/],
		['an unknown status', { status: ['archived'] }, null, 50, /There is no status "archived"/],
		['a status that is not a list', { status: 'open' }, null, 50, /status filter must be a list/],
		['an assignee that is not an id', { assignee: ['bob'] }, null, 50, /assignee filter takes/],
		['a customer that is not an id', { customer: ['1 or 1=1'] }, null, 50, /customer filter takes/],
		[
			'a malformed date',
			{ created: { from: '2026-13-45' } },
			null,
			50,
			/is not a date|must look like/
		],
		[
			'a date range backwards',
			{ updated: { from: '2026-02-01', to: '2026-01-01' } },
			null,
			50,
			/starts after it ends/
		],
		['days out of range', { updated: { days: 0 } }, null, 50, /from 1 to 3650/],
		['a 5,000-character search', { search: 'a'.repeat(5000) }, null, 50, /at most 200 characters/],
		['a search of only operators', { search: '&|!:*()' }, null, 50, /no words to look for/],
		['a search of only excluded words', { search: '-printer' }, null, 50, /no words to look for/],
		['an unknown sort', { sort: 'password' }, null, 50, /cannot be sorted by "password"/],
		['relevance without a search', { sort: 'relevance' }, null, 50, /needs a search/],
		['an unknown SLA state', { sla: 'late' }, null, 50, /sla filter is "breached" or "soon"/],
		['tags matched some other way', { tags: ['a'], tags_mode: 'some' }, null, 50, /"any" or "all"/],
		['a cursor of another sort', {}, ['x'], 50, /cursor does not belong/],
		['a cursor that is not one', {}, { id: 1 }, 50, /cursor does not belong/],
		['a page too big', {}, null, 5000, /1 to 500 tickets/]
	];
	for (const [name, query, after, size, message] of refusals) {
		it(`refuses ${name} with a message`, async () => {
			const error = await rolledBack(stack.db, async (tx) => {
				await actAs(tx, claimsOf('agent'));
				return failure(tx, 'select * from public.list_tickets($1::jsonb, $2::jsonb, $3)', [
					JSON.stringify(query),
					after === null ? null : JSON.stringify(after),
					size
				]);
			});
			expect(error.code).toBe('22023');
			expect(error.message).toMatch(message);
		});
	}

	it('answers a bad query through the API with a 400 and the message', async () => {
		const { error, status } = await as.agent
			.rpc('list_tickets', { query: { status: ['nope'] } })
			.then((result) => ({ error: result.error, status: result.status }));
		expect(status).toBe(400);
		expect(error?.message).toBe('There is no status "nope".');
	});
});
