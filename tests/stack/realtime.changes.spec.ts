// postgres_changes as Supabase delivers them to supabase-js: only committed changes, in commit order,
// and to each subscriber only what RLS, column privileges, the event and the filter let through.
import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { onPostgres } from '../support/stack';
import {
	Inbox,
	joined,
	realtimeSuite,
	userToken,
	users,
	vsns,
	watchTable,
	type SystemMessage
} from './fixtures/realtime/support';

const suite = realtimeSuite();

let channelCount = 0;
const channelName = () => `changes-${++channelCount}`;

const insertTicket = async (owner: string, subject: string, extra = '') =>
	(
		await suite.stack.db.query<{ id: number }>(
			`insert into tickets (owner_id, subject${extra ? ', internal_note' : ''}) values ($1, $2${extra ? ', $3' : ''}) returning id`,
			extra ? [owner, subject, extra] : [owner, subject]
		)
	).rows[0].id;

describe.each(vsns)('postgres_changes over vsn %s', (vsn) => {
	const clientFor = async (sub: string, extra: Record<string, unknown> = {}) =>
		suite.client(vsn, { token: await userToken(suite.stack, sub, extra) });

	it('delivers a new row the moment it commits, with values typed by column as realtime-js expects', async () => {
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), { table: 'tickets' });
		const { rows } = await suite.stack.db.query<{ id: number; created_at: string }>(
			`insert into tickets (owner_id, subject, priority, tags, details, due_on)
			 values ($1, 'Printer on fire', 3, '{hardware,urgent}', '{"floor": 2}', '2030-01-31')
			 returning id, to_jsonb(created_at) #>> '{}' as created_at`,
			[users.alice]
		);
		const change = await changes.next();
		expect(change).toMatchObject({
			schema: 'public',
			table: 'tickets',
			eventType: 'INSERT',
			errors: null,
			old: {},
			new: {
				id: rows[0].id,
				owner_id: users.alice,
				subject: 'Printer on fire',
				status: 'open',
				priority: 3,
				tags: ['hardware', 'urgent'],
				details: { floor: 2 },
				due_on: '2030-01-31',
				created_at: rows[0].created_at
			}
		});
		expect(change.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	});

	it('never delivers a row RLS hides from the subscriber, as the next row it may see proves', async () => {
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), { table: 'tickets' });
		await insertTicket(users.bob, "Bob's secret ticket");
		await insertTicket(users.alice, "Alice's ticket");
		await changes.next((c) => c.eventType === 'INSERT' && c.new.subject === "Alice's ticket");
		expect(changes.items.map((c) => (c.new as { subject: string }).subject)).toEqual([
			"Alice's ticket"
		]);
	});

	it('checks RLS with the claims of each subscriber: an agent claim sees every ticket', async () => {
		const agent = await clientFor(users.agent, { user_role: 'agent' });
		const bob = await clientFor(users.bob);
		const agentView = await watchTable(agent, channelName(), { table: 'tickets' });
		const bobView = await watchTable(bob, channelName(), { table: 'tickets' });
		await insertTicket(users.alice, 'For agents');
		await insertTicket(users.bob, 'For Bob and agents');
		await agentView.changes.count(2);
		await bobView.changes.next(
			(c) => (c.new as { subject: string }).subject === 'For Bob and agents'
		);
		expect(agentView.changes.items.map((c) => (c.new as { subject: string }).subject)).toEqual([
			'For agents',
			'For Bob and agents'
		]);
		expect(bobView.changes.items).toHaveLength(1);
	});

	it('leaves out the columns the subscriber role may not select', async () => {
		const alice = await clientFor(users.alice);
		const service = await suite.client(vsn, { key: suite.stack.keys.serviceRole });
		const aliceView = await watchTable(alice, channelName(), { table: 'tickets' });
		const serviceView = await watchTable(service, channelName(), { table: 'tickets' });
		await insertTicket(users.alice, 'Has a note', 'customer is rude');
		const forAlice = await aliceView.changes.next();
		const forService = await serviceView.changes.next();
		expect(forAlice.new).not.toHaveProperty('internal_note');
		expect(forService.new).toMatchObject({ internal_note: 'customer is rude' });
	});

	it('sends the whole old row on UPDATE with REPLICA IDENTITY FULL, minus hidden columns', async () => {
		const id = await insertTicket(users.alice, 'Before', 'hidden');
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), {
			table: 'tickets',
			event: 'UPDATE'
		});
		await suite.stack.db.query(
			`update tickets set subject = 'After', status = 'solved' where id = $1`,
			[id]
		);
		const change = await changes.next();
		expect(change).toMatchObject({
			eventType: 'UPDATE',
			new: { id, subject: 'After', status: 'solved' },
			old: { id, subject: 'Before', status: 'open', owner_id: users.alice }
		});
		expect(change.old).not.toHaveProperty('internal_note');
	});

	it('sends only the primary key as the old row by default, on UPDATE and DELETE', async () => {
		const { rows } = await suite.stack.db.query<{ id: number }>(
			`insert into replies (ticket_id, owner_id, body) values (1, $1, 'first') returning id`,
			[users.alice]
		);
		const id = rows[0].id;
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), { table: 'replies' });
		await suite.stack.db.query(`update replies set body = 'edited' where id = $1`, [id]);
		// RLS is checked against the row as it is when the change is delivered (as in Supabase), so the
		// row must outlive its update's delivery.
		const update = await changes.next((c) => c.eventType === 'UPDATE');
		await suite.stack.db.query(`delete from replies where id = $1`, [id]);
		const remove = await changes.next((c) => c.eventType === 'DELETE');
		expect(update).toMatchObject({ eventType: 'UPDATE', new: { id, body: 'edited' }, old: { id } });
		expect(Object.keys(update.old)).toEqual(['id']);
		expect(remove).toMatchObject({ eventType: 'DELETE', new: {}, old: { id } });
		expect(Object.keys(remove.old)).toEqual(['id']);
	});

	it('sends a DELETE on an RLS table with only the primary key, even with REPLICA IDENTITY FULL', async () => {
		// A deleted row cannot be checked against RLS any more, so Supabase sends its key to every
		// subscriber and nothing else.
		const bobsTicket = await insertTicket(users.bob, "Bob's ticket to delete");
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), {
			table: 'tickets',
			event: 'DELETE'
		});
		await suite.stack.db.query(`delete from tickets where id = $1`, [bobsTicket]);
		const change = await changes.next();
		expect(change).toMatchObject({ eventType: 'DELETE', old: { id: bobsTicket } });
		expect(Object.keys(change.old)).toEqual(['id']);
	});

	it('delivers only the events a binding names', async () => {
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), {
			table: 'tickets',
			event: 'DELETE'
		});
		const id = await insertTicket(users.alice, 'Short-lived');
		await suite.stack.db.query(`update tickets set status = 'closed' where id = $1`, [id]);
		await suite.stack.db.query(`delete from tickets where id = $1`, [id]);
		await changes.next();
		expect(changes.items.map((c) => c.eventType)).toEqual(['DELETE']);
	});

	it('sends a rolled-back write to nobody', async () => {
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), { table: 'tickets' });
		await expect(
			suite.stack.db.transaction(async (tx) => {
				await tx.query(`insert into tickets (owner_id, subject) values ($1, 'Rolled back')`, [
					users.alice
				]);
				throw new Error('abort');
			})
		).rejects.toThrow('abort');
		await insertTicket(users.alice, 'Committed');
		await changes.next();
		expect(changes.items.map((c) => (c.new as { subject: string }).subject)).toEqual(['Committed']);
	});

	it('delivers the changes of a transaction in the order written, transactions in commit order', async () => {
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), { table: 'tickets' });
		await suite.stack.db.transaction(async (tx) => {
			const { rows } = await tx.query<{ id: number }>(
				`insert into tickets (owner_id, subject) values ($1, 'one') returning id`,
				[users.alice]
			);
			await tx.query(`update tickets set subject = 'two' where id = $1`, [rows[0].id]);
			await tx.query(`insert into tickets (owner_id, subject) values ($1, 'three')`, [users.alice]);
		});
		await insertTicket(users.alice, 'four');
		const received = await changes.count(4);
		expect(received.map((c) => [c.eventType, (c.new as { subject: string }).subject])).toEqual([
			['INSERT', 'one'],
			['UPDATE', 'two'],
			['INSERT', 'three'],
			['INSERT', 'four']
		]);
	});

	it('delivers every row of a many-row statement, each update paired with its own old row', async () => {
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), { table: 'tickets' });
		const { rows } = await suite.stack.db.query<{ id: number }>(
			`insert into tickets (owner_id, subject)
			 select $1, 'many ' || n from generate_series(1, 3) n order by n returning id`,
			[users.alice]
		);
		const ids = rows.map((row) => row.id);
		const idList = `{${ids.join(',')}}`;
		await suite.stack.db.query(
			`update tickets set subject = subject || ' changed', status = 'solved' where id = any($1::bigint[])`,
			[idList]
		);
		// RLS is checked against the rows as they are when the changes are delivered (as in Supabase),
		// so the rows must outlive their update's delivery.
		const updates = (await changes.count(6)).slice(3);
		await suite.stack.db.query(`delete from tickets where id = any($1::bigint[])`, [idList]);
		const received = await changes.count(9);
		const inserts = received.slice(0, 3);
		const deletes = received.slice(6);
		expect(inserts.map((c) => [c.eventType, c.new])).toEqual(
			[1, 2, 3].map((n, i) => [
				'INSERT',
				expect.objectContaining({ id: ids[i], subject: `many ${n}` })
			])
		);
		// The update's rows in any order, each paired with its own old row.
		expect(
			updates
				.map((c) => [c.eventType, c.new, c.old])
				.sort((a, b) => (a[1] as { id: number }).id - (b[1] as { id: number }).id)
		).toEqual(
			[1, 2, 3].map((n, i) => [
				'UPDATE',
				expect.objectContaining({ id: ids[i], subject: `many ${n} changed`, status: 'solved' }),
				expect.objectContaining({ id: ids[i], subject: `many ${n}`, status: 'open' })
			])
		);
		expect(deletes.map((c) => [c.eventType, (c.old as { id: number }).id]).sort()).toEqual(
			ids.map((id) => ['DELETE', id]).sort()
		);
	});

	it.skipIf(!onPostgres)(
		'delivers a transaction that started first but committed last after the other',
		async () => {
			const alice = await clientFor(users.alice);
			const { changes } = await watchTable(alice, channelName(), { table: 'tickets' });
			let releaseFirst!: () => void;
			const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
			let firstWrote!: () => void;
			const firstHasWritten = new Promise<void>((resolve) => (firstWrote = resolve));
			const first = suite.stack.db.transaction(async (tx) => {
				await tx.query(`insert into tickets (owner_id, subject) values ($1, 'started first')`, [
					users.alice
				]);
				firstWrote();
				await firstMayCommit;
			});
			await firstHasWritten;
			await insertTicket(users.alice, 'committed first');
			releaseFirst();
			await first;
			const received = await changes.count(2);
			expect(received.map((c) => (c.new as { subject: string }).subject)).toEqual([
				'committed first',
				'started first'
			]);
		}
	);

	it('sends only the selected columns (and the primary key) when a binding selects', async () => {
		const alice = await clientFor(users.alice);
		const changes = new Inbox<{ new: Record<string, unknown> }>();
		const channel = alice
			.channel(channelName())
			.on(
				'postgres_changes',
				{ event: 'INSERT', schema: 'public', table: 'tickets', select: ['subject'] },
				(payload) => changes.push(payload)
			);
		await joined(channel);
		await insertTicket(users.alice, 'Selected');
		expect((await changes.next()).new).toEqual({ id: expect.any(Number), subject: 'Selected' });
	});

	it('reports a table without a primary key instead of sending its rows', async () => {
		const alice = await clientFor(users.alice);
		const { changes } = await watchTable(alice, channelName(), { table: 'audit_log' });
		await suite.stack.db.query(`insert into audit_log (message) values ('logged')`);
		const change = await changes.next();
		expect(change).toMatchObject({
			eventType: 'INSERT',
			new: {},
			errors: ['Error 400: Bad Request, no primary key']
		});
	});
});

describe.each(vsns)('postgres_changes filters over vsn %s', (vsn) => {
	/** A channel with a filtered binding on announcements and, as a sentinel, every new ticket. */
	const watchFiltered = async (client: SupabaseClient, filter: string) => {
		const titles = new Inbox<string>();
		const sentinel = new Inbox<unknown>();
		const system = new Inbox<SystemMessage>();
		const channel = client
			.channel(channelName())
			.on(
				'postgres_changes',
				{ event: 'INSERT', schema: 'public', table: 'announcements', filter },
				(p) => titles.push((p.new as { title: string }).title)
			)
			.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'tickets' }, (p) =>
				sentinel.push(p)
			)
			.on('system', {}, (m: SystemMessage) => system.push(m));
		await joined(channel);
		const subscribed = await system.next((m) => m.extension === 'postgres_changes');
		expect(subscribed).toMatchObject({ status: 'ok', message: 'Subscribed to PostgreSQL' });
		return { titles, sentinel };
	};

	it.each([
		['audience=eq.staff', ['staff-4']],
		['audience=neq.staff', ['customers-5', 'all-9', 'all-11']],
		['score=lt.5', ['staff-4']],
		['score=lte.5', ['staff-4', 'customers-5']],
		['score=gt.5', ['all-9', 'all-11']],
		['score=gte.9', ['all-9', 'all-11']],
		// Compared as numbers, not text: '11' > '10' although '11' < '9' as strings.
		['score=gt.10', ['all-11']],
		['audience=in.(staff,customers)', ['staff-4', 'customers-5']],
		['audience=not.eq.all', ['staff-4', 'customers-5']],
		['score=gt.4,audience=eq.all', ['all-9', 'all-11']]
	])('%s lets through exactly its rows', async (filter, expected) => {
		const client = await suite.client(vsn, {
			token: await userToken(suite.stack, users.agent, { user_role: 'agent' })
		});
		const { titles, sentinel } = await watchFiltered(client, filter);
		for (const [audience, score] of [
			['staff', 4],
			['customers', 5],
			['all', 9],
			['all', 11]
		] as const)
			await suite.stack.db.query(
				`insert into announcements (title, audience, score) values ($1, $2, $3)`,
				[`${audience}-${score}`, audience, score]
			);
		await insertTicket(users.alice, 'sentinel');
		await sentinel.next();
		expect(titles.items).toEqual(expected);
	});

	it('answers a filter on an unknown column with Supabase’s subscription error', async () => {
		const client = await suite.client(vsn);
		const system = new Inbox<SystemMessage>();
		const channel = client
			.channel(channelName())
			.on(
				'postgres_changes',
				{ event: '*', schema: 'public', table: 'announcements', filter: 'nope=eq.1' },
				() => {}
			)
			.on('system', {}, (m: SystemMessage) => system.push(m));
		await joined(channel);
		expect(await system.next()).toMatchObject({
			extension: 'postgres_changes',
			status: 'error',
			message:
				'Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [event: *, schema: public, table: announcements, filters: [{"nope", "eq", "1", false}], select: nil]. Exception: ERROR P0001 (raise_exception) invalid column for filter nope'
		});
	});

	it.each([
		[
			'an unknown operator',
			{ table: 'announcements', filter: 'id=foo.1' },
			'Error parsing `filter` params: ["foo", "1"]'
		],
		[
			'a value of the wrong type',
			{ table: 'announcements', filter: 'score=eq.lots' },
			'Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [event: *, schema: public, table: announcements, filters: [{"score", "eq", "lots", false}], select: nil]. Exception: ERROR 22P02 (invalid_text_representation) invalid input syntax for type numeric: "lots"'
		],
		[
			'a table outside the publication',
			{ table: 'drafts' },
			'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: *, schema: public, table: drafts, filters: [], select: nil]'
		],
		[
			'an unknown table',
			{ table: 'no_such_table' },
			'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: *, schema: public, table: no_such_table, filters: [], select: nil]'
		]
	])('refuses %s with a system error after the join', async (_what, binding, message) => {
		const client = await suite.client(vsn);
		const system = new Inbox<SystemMessage>();
		const channel = client
			.channel(channelName())
			.on('postgres_changes', { event: '*', schema: 'public', ...binding }, () => {})
			.on('system', {}, (m: SystemMessage) => system.push(m));
		await joined(channel);
		expect(await system.next()).toEqual({
			extension: 'postgres_changes',
			status: 'error',
			message,
			channel: channel.subTopic
		});
	});
});

describe('the publication', () => {
	it('is followed without a restart: tables added and removed by DDL start and stop capture', async () => {
		const client = await suite.client('2.0.0', {
			token: await userToken(suite.stack, users.agent, { user_role: 'agent' })
		});
		await suite.stack.db.query('alter publication supabase_realtime add table public.drafts');
		try {
			const drafts = new Inbox<unknown>();
			const sentinel = new Inbox<unknown>();
			const channel = client
				.channel(channelName())
				.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'drafts' }, (p) =>
					drafts.push(p.new)
				)
				.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'tickets' }, (p) =>
					sentinel.push(p.new)
				);
			await joined(channel);
			await suite.stack.db.query(`insert into drafts (id, body) values (1, 'captured')`);
			expect(await drafts.next()).toEqual({ id: 1, body: 'captured' });

			await suite.stack.db.query('alter publication supabase_realtime drop table public.drafts');
			await suite.stack.db.query(`insert into drafts (id, body) values (2, 'not captured')`);
			await insertTicket(users.alice, 'sentinel');
			await sentinel.next();
			expect(drafts.items).toEqual([{ id: 1, body: 'captured' }]);
		} finally {
			await suite.stack.db.exec(`do $$ begin
				if exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime' and tablename = 'drafts')
				then alter publication supabase_realtime drop table public.drafts; end if;
			end $$`);
		}
	});
});
