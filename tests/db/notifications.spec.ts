// Notifications as the database writes them: a reply notifies the ticket's customer, in the same
// transaction, and reaches them live through Realtime on their own filtered channel (and nobody
// else); people read and mark only their own; nobody writes them through the API.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { everyone, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;

beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(async () => {
	if (as) await Promise.all(Object.values(as).map((client) => client.removeAllChannels()));
	await stack?.stop();
});

async function fileTicket(who: 'client' | 'client2', subject: string): Promise<number> {
	const { data, error } = await as[who]
		.from('tickets')
		.insert({ subject, description: `${subject}, described.` })
		.select('id')
		.single();
	if (error) throw error;
	return data.id;
}

async function reply(who: Who, ticketId: number, body: string) {
	const { error } = await as[who]
		.from('ticket_activities')
		.insert({ ticket_id: ticketId, kind: 'reply', body });
	if (error) throw error;
}

/** The bell's subscription: my notifications, filtered by recipient as the app subscribes. */
async function bellOf(who: 'client' | 'client2', userId: string) {
	const titles: string[] = [];
	let wake: () => void = () => {};
	const channel: RealtimeChannel = as[who].channel(`notifications:${userId}`);
	channel.on(
		'postgres_changes',
		{ event: '*', schema: 'public', table: 'notifications', filter: `recipient_id=eq.${userId}` },
		(payload) => {
			titles.push(String((payload.new as { title?: string }).title));
			wake();
		}
	);
	await new Promise<void>((resolve, reject) => {
		channel.on('system', {}, (message: { extension?: string; status?: string }) => {
			if (message.extension === 'postgres_changes' && message.status === 'ok') resolve();
		});
		channel.subscribe((status, error) => {
			if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(error ?? new Error(status));
		});
	});
	const next = (match: (title: string) => boolean) =>
		new Promise<string>((resolve) => {
			const check = () => {
				const found = titles.find(match);
				if (found) resolve(found);
			};
			wake = check;
			check();
		});
	return { titles, next };
}

describe('a reply', () => {
	it("notifies the ticket's customer, live on their filtered channel, and no other customer", async () => {
		const bell = await bellOf('client', demo.client.id);
		const otherBell = await bellOf('client2', demo.client2.id);
		const subject = 'Bell rings on a reply';
		const ticket = await fileTicket('client', subject);
		await reply('agent', ticket, 'Here is the answer.');

		const title = await bell.next((t) => t.includes(subject));
		expect(title).toMatch(/replied on/);
		const { data } = await as.client
			.from('notifications')
			.select('kind, ticket_id, read_at')
			.eq('ticket_id', ticket);
		expect(data).toEqual([{ kind: 'reply', ticket_id: ticket, read_at: null }]);

		// A later notification of client2 arrives after any of client's would have.
		const theirs = await fileTicket('client2', 'Marker for the other customer');
		await reply('agent', theirs, 'Marker reply.');
		await otherBell.next((t) => t.includes('Marker for the other customer'));
		expect(otherBell.titles.filter((t) => t.includes(subject))).toEqual([]);
	});
});

describe('reading and marking', () => {
	it('shows each person only their own, lets them mark only read_at, and writes none through the API', async () => {
		const ticket = await fileTicket('client', 'Marking notifications');
		await reply('agent', ticket, 'Answered.');
		const mine = await as.client.from('notifications').select('id').eq('ticket_id', ticket);
		expect(mine.data).toHaveLength(1);
		const id = mine.data![0].id as number;

		const seen = await as.client2.from('notifications').select('id').eq('id', id);
		expect(seen.data).toEqual([]);
		const theirMark = await as.client2
			.from('notifications')
			.update({ read_at: new Date().toISOString() })
			.eq('id', id)
			.select();
		expect(theirMark.data ?? []).toEqual([]);

		const retitle = await as.client.from('notifications').update({ title: 'Hacked' }).eq('id', id);
		expect(retitle.error?.code).toBe('42501');
		const forged = await as.client.from('notifications').insert({
			recipient_id: demo.client.id,
			kind: 'reply',
			title: 'Forged'
		});
		expect(forged.error?.code).toBe('42501');

		const marked = await as.client
			.from('notifications')
			.update({ read_at: '2000-01-01T00:00:00Z' })
			.eq('id', id)
			.select('read_at')
			.single();
		// The database stamps its own time, not the caller's.
		expect(new Date(marked.data!.read_at as string).getFullYear()).toBeGreaterThan(2000);

		await reply('agent', ticket, 'And another answer.');
		const { data: count } = await as.client.rpc('mark_all_notifications_read');
		expect(count).toBeGreaterThanOrEqual(1);
		const unread = await as.client
			.from('notifications')
			.select('id', { count: 'exact', head: true })
			.is('read_at', null);
		expect(unread.count).toBe(0);
	});
});

describe('private.notify', () => {
	it('tells a person of the same thing once per transaction, with or without a ticket', async () => {
		const ticket = await fileTicket('client', 'Told once per transaction');
		const count = async () => {
			const { rows } = await stack.db.query<{ kind: string; ticket_id: number | null }>(
				`select kind, ticket_id from public.notifications
				 where recipient_id = $1 and (ticket_id = $2 or (ticket_id is null and title = 'Once'))
				 order by id`,
				[demo.agent2.id, ticket]
			);
			return rows.map((row) => `${row.kind}:${row.ticket_id ?? 'none'}`);
		};
		const notifyAll = (tx: { query: typeof stack.db.query }) =>
			tx.query(
				`select private.notify($1, k::public.notification_kind, t, null, null, 'Once')
				 from (values ('assigned', $2::bigint), ('assigned', $2), ('mention', $2),
				   ('assigned', null), ('assigned', null)) v (k, t)`,
				[demo.agent2.id, ticket]
			);
		await stack.db.transaction(notifyAll);
		expect(await count()).toEqual([`assigned:${ticket}`, `mention:${ticket}`, 'assigned:none']);
		// Another transaction tells them again.
		await stack.db.transaction(notifyAll);
		expect(await count()).toHaveLength(6);
	});
});
