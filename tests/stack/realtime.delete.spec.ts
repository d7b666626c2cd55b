// DELETE events and filters. A deleted row can no longer be checked against RLS, so Supabase sends
// every subscriber its primary key and nothing else, and documents that DELETE events cannot be
// filtered. A filter on any other column would be evaluated against a row the subscriber may never
// have been allowed to see, and its verdict (delivered or not) would tell them what it held: the
// stack evaluates DELETE filters only against the primary key the subscriber receives anyway.
import type { RealtimePostgresChangesPayload } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import {
	Inbox,
	joined,
	realtimeSuite,
	userToken,
	users,
	type SystemMessage
} from './fixtures/realtime/support';

const suite = realtimeSuite();
let channels = 0;

type Ticket = { id: number; subject: string };

const insertTicket = async (owner: string, subject: string) =>
	(
		await suite.stack.db.query<{ id: number }>(
			`insert into tickets (owner_id, subject) values ($1, $2) returning id`,
			[owner, subject]
		)
	).rows[0].id;

const remove = (id: number) => suite.stack.db.query(`delete from tickets where id = $1`, [id]);

/** A channel of Alice's with one DELETE binding on `tickets` per filter, and what it receives. */
async function aliceWatchesDeletes(filters: string[]) {
	const client = await suite.client(undefined, {
		token: await userToken(suite.stack, users.alice)
	});
	const changes = new Inbox<RealtimePostgresChangesPayload<Ticket> & { binding: string }>();
	const system = new Inbox<SystemMessage>();
	let channel = client.channel(`deletes-${++channels}`);
	for (const filter of filters) {
		channel = channel.on(
			'postgres_changes',
			{ event: 'DELETE', schema: 'public', table: 'tickets', filter },
			(payload: RealtimePostgresChangesPayload<Ticket>) =>
				changes.push({ ...payload, binding: filter })
		);
	}
	channel.on('system', {}, (message: SystemMessage) => system.push(message));
	await joined(channel);
	const subscribed = await system.next((m) => m.extension === 'postgres_changes');
	expect(subscribed.status).toBe('ok');
	return changes;
}

describe('DELETE events with a filter', () => {
	it('never tells a customer what another customer’s deleted ticket said', async () => {
		const secret = `Bob's merger plans ${Date.now()}`;
		const bobs = await insertTicket(users.bob, secret);
		// A deletion Alice may hear of, committed after Bob's: once it arrives, Bob's has been decided.
		const sentinel = await insertTicket(users.alice, 'sentinel');
		const changes = await aliceWatchesDeletes([`subject=eq.${secret}`, `id=eq.${sentinel}`]);
		await remove(bobs);
		await remove(sentinel);
		await changes.next((c) => c.binding === `id=eq.${sentinel}`, 'the sentinel deletion');
		expect(changes.items.map((c) => (c.old as Partial<Ticket>).id)).toEqual([sentinel]);
	});

	it('gives a wrong guess and a right guess the same answer', async () => {
		const subject = `Guess me ${Date.now()}`;
		const bobs = await insertTicket(users.bob, subject);
		const other = await insertTicket(users.bob, 'something else');
		const sentinel = await insertTicket(users.alice, 'sentinel');
		const changes = await aliceWatchesDeletes([
			`subject=eq.${subject}`,
			`subject=neq.${subject}`,
			`subject=like.Guess*`,
			`status=eq.open`,
			`id=eq.${sentinel}`
		]);
		await remove(bobs);
		await remove(other);
		await remove(sentinel);
		await changes.next((c) => c.binding === `id=eq.${sentinel}`, 'the sentinel deletion');
		expect(changes.items.map((c) => c.binding)).toEqual([`id=eq.${sentinel}`]);
	});

	it('still filters by primary key, which every subscriber receives anyway', async () => {
		const bobs = await insertTicket(users.bob, 'filtered by key');
		const changes = await aliceWatchesDeletes([`id=eq.${bobs}`]);
		await remove(bobs);
		const change = await changes.next();
		expect(change).toMatchObject({ eventType: 'DELETE', old: { id: bobs } });
		expect(Object.keys(change.old)).toEqual(['id']);
	});
});
