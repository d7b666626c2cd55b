// The customer portal's rules at the SQL level, each in a rolled-back transaction: Good/Bad ratings
// within 7 days of the solve, reopening within 14, follow-ups on closed tickets, and the email
// outbox the triggers fill, claimed and settled by the sender at most once, and emptied of what a
// person unsubscribed from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { actAs, actAsOwner, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

/** Files a ticket as client@ and has agent@ solve it; returns its id. */
async function solvedTicket(tx: Queryable, subject = 'Invoice is wrong'): Promise<number> {
	await actAs(tx, claimsOf('client'));
	const { rows } = await tx.query<{ id: number }>(
		`insert into public.tickets (subject, description) values ($1, 'Please fix.') returning id`,
		[subject]
	);
	await actAs(tx, claimsOf('agent'));
	await tx.query(`update public.tickets set status = 'solved' where id = $1`, [rows[0].id]);
	return rows[0].id;
}

/** Moves the ticket's solve `days` into the past, as the owner (no guard applies). */
async function solvedDaysAgo(tx: Queryable, id: number, days: number) {
	await actAsOwner(tx);
	await tx.query(
		`update public.tickets set solved_at = now() - make_interval(days => $2) where id = $1`,
		[id, days]
	);
}

/** A bigint[] parameter, in PostgreSQL's array literal. */
const ids = (values: number[]) => `{${values.join(',')}}`;

const rate = (tx: Queryable, id: number, rating: string, comment: string | null = null) =>
	tx.query(`select public.rate_ticket($1, $2::public.satisfaction_rating, $3)`, [
		id,
		rating,
		comment
	]);

describe('ratings', () => {
	it('lets the customer rate a solved ticket Good or Bad and change it within 7 days, with history', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const id = await solvedTicket(tx);
			await solvedDaysAgo(tx, id, 6);
			await actAs(tx, claimsOf('client'));
			await rate(tx, id, 'good', '  Quick and kind.  ');
			await rate(tx, id, 'bad');
			const { rows } = await tx.query(
				`select satisfaction_rating, satisfaction_comment from public.tickets where id = $1`,
				[id]
			);
			const history = await tx.query(
				`select count(*)::int as n from public.ticket_activities where ticket_id = $1 and kind = 'rating'`,
				[id]
			);
			return { ticket: rows[0], ratings: history.rows[0].n };
		});
		expect(result.ticket).toEqual({ satisfaction_rating: 'bad', satisfaction_comment: null });
		expect(result.ratings).toBe(2);
	});

	it('refuses a rating more than 7 days after the solve, on an open ticket, or on a ticket not theirs', async () => {
		const errors = await rolledBack(stack.db, async (tx) => {
			const old = await solvedTicket(tx);
			await solvedDaysAgo(tx, old, 8);
			await actAs(tx, claimsOf('client'));
			const late = await failure(tx, `select public.rate_ticket($1, 'good')`, [old]);
			const { rows } = await tx.query<{ id: number }>(
				`insert into public.tickets (subject, description) values ('Still open', 'x') returning id`
			);
			const open = await failure(tx, `select public.rate_ticket($1, 'good')`, [rows[0].id]);
			await actAs(tx, claimsOf('client2'));
			const theirs = await failure(tx, `select public.rate_ticket($1, 'good')`, [old]);
			return [late, open, theirs].map((e) => [e.code, e.message]);
		});
		expect(errors).toEqual([
			['P0001', 'Ratings can be given or changed for 7 days after a ticket is solved.'],
			['P0001', 'You can rate a ticket once it is solved.'],
			['P0002', expect.stringMatching(/There is no ticket #\d+ of yours to rate/)]
		]);
	});
});

describe('reopening and follow-ups', () => {
	it('reopens a ticket solved 13 days ago; refuses one solved 15 days ago, which staff may still reopen', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const recent = await solvedTicket(tx, 'Recent');
			const old = await solvedTicket(tx, 'Old');
			await solvedDaysAgo(tx, recent, 13);
			await solvedDaysAgo(tx, old, 15);
			await actAs(tx, claimsOf('client'));
			await tx.query(`update public.tickets set status = 'open' where id = $1`, [recent]);
			const refused = await failure(tx, `update public.tickets set status = 'open' where id = $1`, [
				old
			]);
			await actAs(tx, claimsOf('agent'));
			await tx.query(`update public.tickets set status = 'open' where id = $1`, [old]);
			const { rows } = await tx.query(
				`select id, status from public.tickets where id = any($1::bigint[]) order by id`,
				[ids([recent, old])]
			);
			return { refused: refused.message, statuses: rows.map((r) => r.status) };
		});
		expect(result.refused).toMatch(/more than 14 days ago.*open a follow-up instead/);
		expect(result.statuses).toEqual(['open', 'open']);
	});

	it('opens a follow-up on a closed ticket, linked both ways in history; refuses one on an open ticket or another customer’s', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const original = await solvedTicket(tx, 'Original');
			await actAs(tx, claimsOf('agent'));
			await tx.query(`update public.tickets set status = 'closed' where id = $1`, [original]);
			await actAs(tx, claimsOf('client'));
			const { rows } = await tx.query<{ id: number }>(
				`select public.open_follow_up($1, 'Same problem again', 'It is back.') as id`,
				[original]
			);
			const followUp = rows[0].id;
			const link = await tx.query(
				`select kind, source_ticket_id, target_ticket_id from public.ticket_links where target_ticket_id = $1`,
				[followUp]
			);
			const ticket = await tx.query(
				`select customer_id, status from public.tickets where id = $1`,
				[followUp]
			);
			const stillOpen = await failure(tx, `select public.open_follow_up($1, 'Again', 'x')`, [
				followUp
			]);
			await actAs(tx, claimsOf('client2'));
			const notTheirs = await failure(tx, `select public.open_follow_up($1, 'Mine?', 'x')`, [
				original
			]);
			return { original, followUp, link: link.rows, ticket: ticket.rows[0], stillOpen, notTheirs };
		});
		expect(result.link).toEqual([
			{ kind: 'follow_up', source_ticket_id: result.original, target_ticket_id: result.followUp }
		]);
		expect(result.ticket).toMatchObject({ customer_id: demo.client.id });
		expect(result.stillOpen.code).toBe('P0001');
		expect(result.notTheirs.code).toBe('P0002');
	});
});

describe('the email outbox', () => {
	const claim = (tx: Queryable) =>
		tx.query<{
			id: number;
			template: string;
			status: string;
			attempts: number;
			recipient_id: string;
		}>(
			`select id, template, status, attempts, recipient_id from public.claim_outbox_emails(500, 60)`
		);
	const settle = async (tx: Queryable, results: object[]) =>
		(
			await tx.query<{ n: number }>(`select public.settle_outbox_emails($1::jsonb) as n`, [
				JSON.stringify(results)
			])
		).rows[0].n;

	it('queues the received and reply emails, which a claim hands out once and a settle closes once', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('client'));
			const { rows } = await tx.query<{ id: number }>(
				`insert into public.tickets (subject, description) values ('Mail me', 'x') returning id`
			);
			const id = rows[0].id;
			await actAs(tx, claimsOf('agent'));
			await tx.query(
				`insert into public.ticket_activities (ticket_id, kind, body) values ($1, 'reply', 'Done.')`,
				[id]
			);
			await actAs(tx, { role: 'service_role' });
			const first = (await claim(tx)).rows.filter((r) => r.recipient_id === demo.client.id);
			const again = (await claim(tx)).rows.filter((r) => r.recipient_id === demo.client.id);
			const mine = first.map((r) => r.id);
			const sent = await settle(
				tx,
				mine.map((mailId) => ({ id: mailId, outcome: 'sent', message_id: `<m${mailId}@test>` }))
			);
			const twice = await settle(
				tx,
				mine.map((mailId) => ({ id: mailId, outcome: 'sent' }))
			);
			const { rows: after } = await tx.query(
				`select status from public.email_outbox where id = any($1::bigint[])`,
				[ids(mine)]
			);
			const bad = await failure(tx, `select public.settle_outbox_emails('[{"id": 1}]')`);
			await actAs(tx, claimsOf('admin'));
			const refused = await failure(tx, `select public.claim_outbox_emails()`);
			return { first, again, sent, twice, after, bad: bad.code, refused: refused.code };
		});
		expect(result.first.map((r) => [r.template, r.status, r.attempts]).sort()).toEqual([
			['agent_reply', 'sending', 1],
			['ticket_received', 'sending', 1]
		]);
		expect(result.again).toEqual([]);
		expect(result.sent).toBe(2);
		expect(result.twice).toBe(0);
		expect(result.after).toEqual([{ status: 'sent' }, { status: 'sent' }]);
		expect(result.bad).toBe('22023');
		expect(result.refused).toBe('42501');
	});

	it('fails a claim whose sender died instead of sending it twice, and cancels what an unsubscribed person would get', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('client'));
			await tx.query(`insert into public.tickets (subject, description) values ('One', 'x')`);
			await actAs(tx, { role: 'service_role' });
			const claimed = (await claim(tx)).rows.filter((r) => r.recipient_id === demo.client.id);
			await actAsOwner(tx);
			await tx.query(
				`update public.email_outbox set lease_expires_at = now() - interval '1 second' where id = any($1::bigint[])`,
				[ids(claimed.map((r) => r.id))]
			);
			const { rows: token } = await tx.query<{ unsubscribe_token: string }>(
				`select unsubscribe_token from public.notification_preferences where user_id = $1`,
				[demo.client.id]
			);
			await actAs(tx, claimsOf('client'));
			await tx.query(`insert into public.tickets (subject, description) values ('Two', 'x')`);
			await actAs(tx, null);
			const { rows: unsubscribed } = await tx.query(
				`select public.unsubscribe_from_emails($1) as ok`,
				[token[0].unsubscribe_token]
			);
			const { rows: unknown } = await tx.query(
				`select public.unsubscribe_from_emails('nope') as ok`
			);
			await actAs(tx, { role: 'service_role' });
			const next = (await claim(tx)).rows.filter((r) => r.recipient_id === demo.client.id);
			await actAsOwner(tx);
			const { rows } = await tx.query(
				`select status, count(*)::int as n from public.email_outbox
				 where recipient_id = $1 and created_at = now() group by status order by status`,
				[demo.client.id]
			);
			await actAs(tx, null);
			const { rows: back } = await tx.query(`select public.resubscribe_to_emails($1) as ok`, [
				token[0].unsubscribe_token
			]);
			await actAsOwner(tx);
			const { rows: prefs } = await tx.query(
				`select email_ticket_received, email_agent_reply, email_ticket_solved
				 from public.notification_preferences where user_id = $1`,
				[demo.client.id]
			);
			return { unsubscribed, unknown, next, rows, back, prefs };
		});
		expect(result.unsubscribed).toEqual([{ ok: true }]);
		expect(result.unknown).toEqual([{ ok: false }]);
		expect(result.next).toEqual([]);
		expect(result.rows).toEqual([
			{ status: 'failed', n: 1 },
			{ status: 'cancelled', n: 1 }
		]);
		expect(result.back).toEqual([{ ok: true }]);
		expect(result.prefs).toEqual([
			{ email_ticket_received: true, email_agent_reply: true, email_ticket_solved: true }
		]);
	});
});
