// Ticket rules and history, at the SQL level (as PostgREST runs a request): what the triggers
// write, stamp and refuse, whichever client code path makes the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { actAs, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

interface Ticket {
	id: number;
	status: string;
	updated_at: string;
	first_response_at: string | null;
	solved_at: string | null;
	satisfaction_rating: 'good' | 'bad' | null;
}

interface Activity {
	kind: string;
	author_id: string | null;
	body: string | null;
	is_internal: boolean;
	meta: Record<string, unknown>;
}

/** Files a ticket as client@ and returns it. */
async function fileTicket(tx: Queryable): Promise<Ticket> {
	await actAs(tx, claimsOf('client'));
	const { rows } = await tx.query<Ticket>(
		`insert into public.tickets (subject, description) values ('Printer on fire', 'It smokes.')
		 returning *`
	);
	return rows[0];
}

const ticketById = async (tx: Queryable, id: number) =>
	(await tx.query<Ticket>('select * from public.tickets where id = $1', [id])).rows[0];

const historyOf = async (tx: Queryable, id: number) =>
	(
		await tx.query<Activity>(
			`select kind, author_id, body, is_internal, meta from public.ticket_activities
			 where ticket_id = $1 order by id`,
			[id]
		)
	).rows;

const reply = (tx: Queryable, ticket: number, kind: 'reply' | 'note', body: string) =>
	tx.query(
		`insert into public.ticket_activities (ticket_id, kind, body, is_internal) values ($1, $2, $3, $4)`,
		[ticket, kind, body, kind === 'note']
	);

describe('the history of a ticket', () => {
	it('gets one row per change of status, assignee, priority and tags, with old and new values', async () => {
		const history = await rolledBack(stack.db, async (tx) => {
			const ticket = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			await tx.query(
				`update public.tickets
				 set status = 'pending', assignee_id = $2, priority = 'high', tags = '{printer}'
				 where id = $1`,
				[ticket.id, demo.agent.id]
			);
			return historyOf(tx, ticket.id);
		});
		expect(history).toEqual([
			{
				kind: 'status',
				author_id: demo.agent.id,
				body: null,
				is_internal: false,
				meta: { field: 'status', old: 'open', new: 'pending' }
			},
			{
				kind: 'assignment',
				author_id: demo.agent.id,
				body: null,
				is_internal: true,
				meta: { field: 'assignee_id', old: null, new: demo.agent.id }
			},
			{
				kind: 'priority',
				author_id: demo.agent.id,
				body: null,
				is_internal: true,
				meta: { field: 'priority', old: 'normal', new: 'high' }
			},
			{
				kind: 'tags',
				author_id: demo.agent.id,
				body: null,
				is_internal: true,
				meta: { field: 'tags', old: [], new: ['printer'] }
			}
		]);
	});

	it('records a rating with its comment, written by the customer', async () => {
		const history = await rolledBack(stack.db, async (tx) => {
			const ticket = await fileTicket(tx);
			await tx.query(`update public.tickets set status = 'solved' where id = $1`, [ticket.id]);
			await tx.query(
				`update public.tickets set satisfaction_rating = 'good', satisfaction_comment = 'Fast!'
				 where id = $1`,
				[ticket.id]
			);
			return historyOf(tx, ticket.id);
		});
		expect(history.at(-1)).toEqual({
			kind: 'rating',
			author_id: demo.client.id,
			body: 'Fast!',
			is_internal: false,
			meta: { field: 'satisfaction_rating', old: null, new: 'good' }
		});
	});

	it('cannot be edited or deleted by anyone through the API', async () => {
		const errors = await rolledBack(stack.db, async (tx) => {
			const found = [];
			for (const who of ['client', 'agent', 'admin'] as const) {
				await actAs(tx, claimsOf(who));
				found.push(await failure(tx, `update public.ticket_activities set body = 'rewritten'`));
				found.push(await failure(tx, `delete from public.ticket_activities`));
			}
			return found;
		});
		expect(errors.map((e) => e.code)).toEqual(Array(6).fill('42501'));
	});
});

describe('timestamps kept by the database', () => {
	it('sets first_response_at on the first public reply by an agent, not on notes or customer replies', async () => {
		const steps = await rolledBack(stack.db, async (tx) => {
			const ticket = await fileTicket(tx);
			await reply(tx, ticket.id, 'reply', 'Any news?');
			const afterCustomer = await ticketById(tx, ticket.id);
			await actAs(tx, claimsOf('agent'));
			await reply(tx, ticket.id, 'note', 'Looking into it.');
			const afterNote = await ticketById(tx, ticket.id);
			await reply(tx, ticket.id, 'reply', 'We are on it.');
			const afterReply = await ticketById(tx, ticket.id);
			await reply(tx, ticket.id, 'reply', 'Fixed now.');
			return { afterCustomer, afterNote, afterReply, afterSecond: await ticketById(tx, ticket.id) };
		});
		expect(steps.afterCustomer.first_response_at).toBeNull();
		expect(steps.afterNote.first_response_at).toBeNull();
		expect(steps.afterReply.first_response_at).not.toBeNull();
		expect(steps.afterSecond.first_response_at).toBe(steps.afterReply.first_response_at);
	});

	it('bumps updated_at when a reply or note is added, so queues sort by last activity', async () => {
		const [before, after] = await rolledBack(stack.db, async (tx) => {
			const { rows } = await tx.query<Ticket>(
				`select * from public.tickets where customer_id = $1 order by updated_at limit 1`,
				[demo.client.id]
			);
			await actAs(tx, claimsOf('agent'));
			await reply(tx, rows[0].id, 'note', 'Still on it.');
			return [rows[0], await ticketById(tx, rows[0].id)];
		});
		expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
	});

	it('sets solved_at on solving, and reopening clears it and the rating', async () => {
		const [solved, reopened] = await rolledBack(stack.db, async (tx) => {
			const ticket = await fileTicket(tx);
			await tx.query(`update public.tickets set status = 'solved' where id = $1`, [ticket.id]);
			await tx.query(`update public.tickets set satisfaction_rating = 'bad' where id = $1`, [
				ticket.id
			]);
			const solved = await ticketById(tx, ticket.id);
			await tx.query(`update public.tickets set status = 'open' where id = $1`, [ticket.id]);
			return [solved, await ticketById(tx, ticket.id)];
		});
		expect(solved.solved_at).not.toBeNull();
		expect(solved.satisfaction_rating).toBe('bad');
		expect(reopened.solved_at).toBeNull();
		expect(reopened.satisfaction_rating).toBeNull();
	});

	it('reopens a pending ticket when its customer replies, recording who reopened it', async () => {
		const [ticket, history] = await rolledBack(stack.db, async (tx) => {
			const filed = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			await tx.query(`update public.tickets set status = 'pending' where id = $1`, [filed.id]);
			await actAs(tx, claimsOf('client'));
			await reply(tx, filed.id, 'reply', 'Here is the log you asked for.');
			return [await ticketById(tx, filed.id), await historyOf(tx, filed.id)];
		});
		expect(ticket.status).toBe('open');
		expect(history.at(-1)).toMatchObject({
			kind: 'status',
			author_id: demo.client.id,
			meta: { old: 'pending', new: 'open' }
		});
	});

	it('ignores timestamps a caller tries to set', async () => {
		const ticket = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('client'));
			const { rows } = await tx.query<Ticket & { created_at: string }>(
				`insert into public.tickets (subject, description, created_at, first_response_at, solved_at)
				 values ('Backdated', 'Trying to jump the queue.', '2001-01-01', '2001-01-01', '2001-01-01')
				 returning *`
			);
			await actAs(tx, claimsOf('agent'));
			await tx.query(
				`update public.tickets set created_at = '2001-01-01', first_response_at = '2001-01-01'
				 where id = $1`,
				[rows[0].id]
			);
			return { ...(await ticketById(tx, rows[0].id)), inserted: rows[0] };
		});
		expect(ticket.inserted.created_at.startsWith('2001')).toBe(false);
		expect(ticket.first_response_at).toBeNull();
		expect(ticket.solved_at).toBeNull();
	});
});

describe('what each role may change on a ticket', () => {
	it('refuses a client setting priority, assignee, team or tags, on a new ticket or an existing one', async () => {
		const errors = await rolledBack(stack.db, async (tx) => {
			const ticket = await fileTicket(tx);
			return [
				await failure(
					tx,
					`insert into public.tickets (subject, description, priority) values ('x', 'y', 'urgent')`
				),
				await failure(tx, `update public.tickets set priority = 'urgent' where id = $1`, [
					ticket.id
				]),
				await failure(tx, `update public.tickets set assignee_id = $2 where id = $1`, [
					ticket.id,
					demo.client.id
				]),
				await failure(tx, `update public.tickets set tags = '{vip}' where id = $1`, [ticket.id]),
				await failure(tx, `update public.tickets set status = 'closed' where id = $1`, [ticket.id])
			];
		});
		expect(errors.map((e) => e.code)).toEqual(Array(5).fill('42501'));
		expect(errors[1].message).toContain('priority');
		expect(errors[2].message).toContain('assignee_id');
	});

	it('lets a client solve, reopen and rate their own ticket', async () => {
		const ticket = await rolledBack(stack.db, async (tx) => {
			const filed = await fileTicket(tx);
			await tx.query(`update public.tickets set status = 'solved' where id = $1`, [filed.id]);
			await tx.query(`update public.tickets set status = 'open' where id = $1`, [filed.id]);
			await tx.query(`update public.tickets set status = 'solved' where id = $1`, [filed.id]);
			await tx.query(`update public.tickets set satisfaction_rating = 'good' where id = $1`, [
				filed.id
			]);
			return ticketById(tx, filed.id);
		});
		expect(ticket).toMatchObject({ status: 'solved', satisfaction_rating: 'good' });
	});

	it('leaves the rating to the customer: an agent may not set it', async () => {
		const error = await rolledBack(stack.db, async (tx) => {
			const ticket = await fileTicket(tx);
			await actAs(tx, claimsOf('agent'));
			await tx.query(`update public.tickets set status = 'solved' where id = $1`, [ticket.id]);
			return failure(tx, `update public.tickets set satisfaction_rating = 'good' where id = $1`, [
				ticket.id
			]);
		});
		expect(error.code).toBe('42501');
	});

	it('checks subject length, non-empty bodies and ratings only on solved tickets', async () => {
		const errors = await rolledBack(stack.db, async (tx) => {
			const ticket = await fileTicket(tx);
			return [
				await failure(tx, `insert into public.tickets (subject, description) values ($1, 'y')`, [
					'x'.repeat(201)
				]),
				await failure(tx, `insert into public.tickets (subject, description) values ('  ', 'y')`),
				await failure(
					tx,
					`insert into public.ticket_activities (ticket_id, kind, body) values ($1, 'reply', ' ')`,
					[ticket.id]
				),
				await failure(tx, `update public.tickets set satisfaction_rating = 'good' where id = $1`, [
					ticket.id
				])
			];
		});
		// A customer's rating of an unsolved ticket is refused with a reason (20261203150001).
		expect(errors.map((e) => e.code)).toEqual(['23514', '23514', '23514', 'P0001']);
		expect(errors[3].message).toBe('You can rate a ticket once it is solved.');
	});
});
