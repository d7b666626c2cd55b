// The realtime matrix: subscribed as each role, which postgres_changes events arrive. Every event
// passes the same RLS as a select would. Non-delivery is proven by awaiting a later event that is
// delivered on the same socket: events arrive in commit order, so an event that was going to
// arrive would have arrived first.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { Feed, type ChangeEvent } from './support/feed';
import { everyone, type Who } from './support/sessions';
import { actAs, actAsOwner, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
const feeds = {} as Record<'client' | 'client2' | 'agent' | 'agent2', Feed>;
const tables = ['tickets', 'ticket_activities', 'profiles', 'attachments', 'agent_status'];

beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
	for (const who of ['client', 'client2', 'agent', 'agent2'] as const) {
		feeds[who] = await Feed.open(as[who], `changes-${who}`, tables);
	}
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

async function write(who: Who, ticketId: number, kind: 'reply' | 'note', body: string) {
	const { error } = await as[who]
		.from('ticket_activities')
		.insert({ ticket_id: ticketId, kind, body, is_internal: kind === 'note' });
	if (error) throw error;
}

const activity = (body: string) => (e: ChangeEvent) =>
	e.table === 'ticket_activities' && e.eventType === 'INSERT' && e.new.body === body;
const aboutTicket = (id: number) => (e: ChangeEvent) =>
	(e.table === 'tickets' && (e.new.id === id || e.old.id === id)) ||
	((e.table === 'ticket_activities' || e.table === 'attachments') && e.new.ticket_id === id);

describe('a client', () => {
	it('never receives an internal note on their own ticket, but does receive the public reply after it', async () => {
		const ticket = await fileTicket('client', 'Password reset mail never arrives');
		await write('agent', ticket, 'note', 'Internal: their domain bounces our mail.');
		await write('agent', ticket, 'reply', 'Could you check your spam folder?');

		const reply = await feeds.client.next(activity('Could you check your spam folder?'));
		expect(reply.new).toMatchObject({ ticket_id: ticket, kind: 'reply', is_internal: false });
		expect(
			feeds.client.events.filter(activity('Internal: their domain bounces our mail.'))
		).toEqual([]);
		expect(
			feeds.client.events.filter(
				(e) => e.table === 'ticket_activities' && e.new.is_internal === true
			)
		).toEqual([]);
	});

	it("never receives another customer's ticket or its history", async () => {
		const theirs = await fileTicket('client2', 'Refund for order 1234');
		await write('agent', theirs, 'reply', 'Refund issued for order 1234.');
		await as.agent.from('tickets').update({ status: 'solved' }).eq('id', theirs);
		const mine = await fileTicket('client', 'Marker after the other customer');

		await feeds.client.next((e) => e.table === 'tickets' && e.new.id === mine);
		expect(feeds.client.events.filter(aboutTicket(theirs))).toEqual([]);
		await feeds.client2.next(activity('Refund issued for order 1234.'));
	});

	it('receives the status changes of their own ticket', async () => {
		const ticket = await fileTicket('client', 'Cannot export');
		await as.agent.from('tickets').update({ status: 'solved' }).eq('id', ticket);
		const update = await feeds.client.next(
			(e) =>
				e.table === 'tickets' &&
				e.eventType === 'UPDATE' &&
				e.new.id === ticket &&
				e.new.status === 'solved'
		);
		expect(update.old).toMatchObject({ id: ticket, status: 'open' });
		await feeds.client.next(
			(e) =>
				e.table === 'ticket_activities' && e.new.ticket_id === ticket && e.new.kind === 'status'
		);
	});

	it("receives their own profile's role change (to refresh their session), not another customer's profile", async () => {
		await as.admin
			.from('profiles')
			.update({ full_name: 'Robin Renamed' })
			.eq('id', demo.client2.id);
		await as.admin.from('profiles').update({ role: 'agent' }).eq('id', demo.client.id);

		const promoted = await feeds.client.next(
			(e) => e.table === 'profiles' && e.new.id === demo.client.id && e.new.role === 'agent'
		);
		expect(promoted.eventType).toBe('UPDATE');
		expect(
			feeds.client.events.filter((e) => e.table === 'profiles' && e.new.id === demo.client2.id)
		).toEqual([]);
		await feeds.client2.next((e) => e.table === 'profiles' && e.new.full_name === 'Robin Renamed');
		await as.admin.from('profiles').update({ role: 'client' }).eq('id', demo.client.id);
	});
});

describe('agents', () => {
	it('receive every ticket and activity, internal notes included', async () => {
		const a = await fileTicket('client', 'Agents see this one');
		const b = await fileTicket('client2', 'And this one');
		await write('agent', a, 'note', 'Note agents must see.');
		await write('agent2', b, 'reply', 'Reply agents must see.');
		await as.agent
			.from('tickets')
			.update({ priority: 'urgent', assignee_id: demo.agent.id })
			.eq('id', b);

		for (const who of ['agent', 'agent2'] as const) {
			const feed = feeds[who];
			await feed.next((e) => e.table === 'tickets' && e.eventType === 'INSERT' && e.new.id === a);
			await feed.next((e) => e.table === 'tickets' && e.eventType === 'INSERT' && e.new.id === b);
			await feed.next(activity('Note agents must see.'));
			await feed.next(activity('Reply agents must see.'));
			await feed.next(
				(e) => e.table === 'ticket_activities' && e.new.ticket_id === b && e.new.kind === 'priority'
			);
			await feed.next(
				(e) => e.table === 'tickets' && e.new.id === b && e.new.priority === 'urgent'
			);
		}
	});
});

describe("agents' availability", () => {
	it('reaches the staff (the admin overview shows who is online) and never a customer', async () => {
		const { error } = await as.agent.rpc('set_availability', { status: 'away' });
		expect(error).toBeNull();
		const away = (e: ChangeEvent) =>
			e.table === 'agent_status' && e.new.agent_id === demo.agent.id && e.new.status === 'away';
		await feeds.agent2.next(away);
		await as.agent.rpc('set_availability', { status: 'available' });
		const marker = await fileTicket('client', 'Marker after an availability change');
		await feeds.client.next((e) => e.table === 'tickets' && e.new.id === marker);
		expect(feeds.client.events.filter((e) => e.table === 'agent_status')).toEqual([]);
	});
});

describe('private ticket channels', () => {
	it('admit staff and refuse clients', async () => {
		const join = (who: Who) =>
			new Promise<string>((resolve) => {
				as[who].channel('ticket:1', { config: { private: true } }).subscribe((status) => {
					if (status !== 'CLOSED') resolve(status);
				});
			});
		expect(await join('agent')).toBe('SUBSCRIBED');
		expect(await join('client')).toBe('CHANNEL_ERROR');
	});
});

describe('the staff presence channel', () => {
	// As the app's realtime store joins it: presence only, so with a presence listener.
	const presenceChannel = (who: Exclude<Who, 'anon'>) =>
		as[who]
			.channel('agents:presence', { config: { private: true, presence: { key: demo[who].id } } })
			.on('presence', { event: 'sync' }, () => {});
	const join = (channel: ReturnType<typeof presenceChannel>) =>
		new Promise<string>((resolve) => {
			channel.subscribe((status) => {
				if (status !== 'CLOSED') resolve(status);
			});
		});

	it('shows every agent which ticket the others are looking at', async () => {
		const looking = presenceChannel('agent');
		const watching = presenceChannel('agent2');
		const synced = new Promise<Record<string, unknown>>((resolve) => {
			watching.on('presence', { event: 'sync' }, () => {
				const state = watching.presenceState();
				if (demo.agent.id in state) resolve(state);
			});
		});
		expect(await join(watching)).toBe('SUBSCRIBED');
		expect(await join(looking)).toBe('SUBSCRIBED');
		expect(await looking.track({ ticket: 7 })).toBe('ok');
		expect((await synced)[demo.agent.id]).toEqual([
			{ ticket: 7, presence_ref: expect.any(String) }
		]);
		await as.agent.removeChannel(looking);
		await as.agent2.removeChannel(watching);
	});

	it('admits no customer', async () => {
		expect(await join(presenceChannel('client'))).toBe('CHANNEL_ERROR');
	});
});

describe('the typing signal of a ticket', () => {
	// As the app's realtime store joins it: private, broadcast only.
	const typingChannel = (who: Exclude<Who, 'anon'>, ticket: number) =>
		as[who].channel(`typing:${ticket}`, { config: { private: true } });
	const join = (channel: ReturnType<typeof typingChannel>) =>
		new Promise<string>((resolve) => {
			channel.subscribe((status) => {
				if (status !== 'CLOSED') resolve(status);
			});
		});

	it("reaches the ticket's customer from an agent, and admits no other customer", async () => {
		const ticket = await fileTicket('client', 'Is anyone looking at this?');
		const listening = typingChannel('client', ticket);
		const heard = new Promise<unknown>((resolve) => {
			listening.on('broadcast', { event: 'typing' }, ({ payload }) => resolve(payload));
		});
		expect(await join(listening)).toBe('SUBSCRIBED');
		const intruding = typingChannel('client2', ticket);
		expect(await join(intruding)).toBe('CHANNEL_ERROR');
		await as.client2.removeChannel(intruding);

		const saying = typingChannel('agent', ticket);
		expect(await join(saying)).toBe('SUBSCRIBED');
		await saying.send({ type: 'broadcast', event: 'typing', payload: { typing: true } });
		expect(await heard).toEqual({ typing: true });
		await as.agent.removeChannel(saying);
		await as.client.removeChannel(listening);
	});

	it('lets only staff send, shows nobody presence on it, and knows only ticket topics', async () => {
		const ticket = await fileTicket('client', 'Who may say they are typing?');
		await rolledBack(stack.db, async (tx) => {
			// Realtime's own checks: a probe row read back as the person, and an insert as them.
			const topic = (name: string) =>
				tx.query(`select set_config('realtime.topic', $1, true)`, [name]);
			const mayRead = async (who: 'client' | 'client2' | 'agent', name: string) => {
				await actAsOwner(tx);
				await topic(name);
				const { rows: probes } = await tx.query<{ id: string; extension: string }>(
					`insert into realtime.messages (topic, extension)
					 values ($1, 'broadcast'), ($1, 'presence') returning id::text, extension`,
					[name]
				);
				await actAs(tx, claimsOf(who));
				const { rows } = await tx.query<{ id: string }>(
					'select id::text from realtime.messages where id = any($1::uuid[])',
					[`{${probes.map((probe) => probe.id).join(',')}}`]
				);
				return probes
					.filter((probe) => rows.some((row) => row.id === probe.id))
					.map((probe) => probe.extension);
			};
			const send = `insert into realtime.messages (topic, extension, event) values ($1, 'broadcast', 'typing')`;

			expect(await mayRead('client', `typing:${ticket}`)).toEqual(['broadcast']);
			expect(await mayRead('agent', `typing:${ticket}`)).toEqual(['broadcast']);
			expect(await mayRead('client2', `typing:${ticket}`)).toEqual([]);
			expect(await mayRead('client', 'typing:not-a-ticket')).toEqual([]);
			expect(await mayRead('agent', 'typing:99999999999999999999')).toEqual([]);

			await actAs(tx, claimsOf('client'));
			await topic(`typing:${ticket}`);
			expect((await failure(tx, send, [`typing:${ticket}`])).code).toBe('42501');
			await actAs(tx, claimsOf('agent'));
			await tx.query(send, [`typing:${ticket}`]);
			await topic('typing:0');
			expect((await failure(tx, send, ['typing:0'])).code).toBe('42501');
		});
	});
});

describe("the reports' rebuilt signal", () => {
	// As the report pages' store joins it: private, broadcast only.
	const reportsChannel = (who: Exclude<Who, 'anon'>) =>
		as[who].channel('reports', { config: { private: true } });
	const join = (channel: ReturnType<typeof reportsChannel>) =>
		new Promise<string>((resolve) => {
			channel.subscribe((status) => {
				if (status !== 'CLOSED') resolve(status);
			});
		});

	it('reaches staff when the minute job rebuilds stale rollups, and admits no customer', async () => {
		const listening = reportsChannel('agent');
		const heard = new Promise<string>((resolve) => {
			listening.on('broadcast', { event: 'rollups_rebuilt' }, ({ event }) => resolve(event));
		});
		expect(await join(listening)).toBe('SUBSCRIBED');
		const intruding = reportsChannel('client');
		expect(await join(intruding)).toBe('CHANNEL_ERROR');
		await as.client.removeChannel(intruding);

		// Stale as a calendar edit leaves them, without changing what they are computed from.
		await stack.db.query('update private.report_rollups_state set marked = marked + 1');
		const { rows } = await stack.db.query<{ rebuilt: boolean }>(
			`select (public.run_minute_jobs(wait => true) ->> 'report_rollups_rebuilt')::boolean as rebuilt`
		);
		expect(rows[0].rebuilt).toBe(true);
		expect(await heard).toBe('rollups_rebuilt');
		await as.agent.removeChannel(listening);
	});

	it('may be sent by nobody signed in', async () => {
		await rolledBack(stack.db, async (tx) => {
			await tx.query(`select set_config('realtime.topic', 'reports', true)`);
			const send = `insert into realtime.messages (topic, extension, event) values ('reports', 'broadcast', 'rollups_rebuilt')`;
			for (const who of ['admin', 'agent', 'client'] as const) {
				await actAs(tx, claimsOf(who));
				expect((await failure(tx, send)).code).toBe('42501');
			}
		});
	});
});
