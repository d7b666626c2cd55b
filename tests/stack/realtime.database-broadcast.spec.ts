// Broadcast from the database with real supabase-js clients: realtime.send to public and private
// topics (private ones authorised by RLS on realtime.messages), nothing from a rolled-back or refused
// send, and a trigger using realtime.broadcast_changes, each as supabase-js's broadcast callback
// receives a message that came from the database.
import { describe, expect, it } from 'vitest';
import {
	Inbox,
	joined,
	realtimeSuite,
	subscribe,
	userToken,
	users,
	vsns,
	type Vsn
} from './fixtures/realtime/support';

const suite = realtimeSuite();

interface Received {
	type: string;
	event: string;
	payload: Record<string, unknown>;
	meta?: { id: string };
}

let count = 0;
const topicName = (prefix = 'news') => `${prefix}:${++count}`;

async function listen(
	vsn: Vsn,
	topic: string,
	options: { private?: boolean; token?: string } = {}
): Promise<Inbox<Received>> {
	const client = await suite.client(vsn, { token: options.token });
	const inbox = new Inbox<Received>();
	const channel = client
		.channel(topic, { config: { private: options.private ?? false } })
		.on('broadcast', { event: '*' }, (message) => inbox.push(message as Received));
	await joined(channel);
	return inbox;
}

const send = (payload: unknown, event: string, topic: string, isPrivate: boolean) =>
	suite.stack.db.query('select realtime.send($1::jsonb, $2, $3, $4)', [
		JSON.stringify(payload),
		event,
		topic,
		isPrivate
	]);

describe.each(vsns)('realtime.send over vsn %s', (vsn) => {
	it('reaches the subscribers of a public topic, with the message id in the payload and meta', async () => {
		const topic = topicName();
		const inbox = await listen(vsn, topic);
		await send({ headline: 'Queue is clear' }, 'announcement', topic, false);
		const message = await inbox.next();
		expect(message).toEqual({
			type: 'broadcast',
			event: 'announcement',
			payload: { headline: 'Queue is clear', id: expect.any(String) },
			meta: { id: message.payload.id }
		});
		const [{ stored }] = (
			await suite.stack.db.query<{ stored: number }>(
				'select count(*)::int as stored from realtime.messages where id = $1 and topic = $2',
				[message.meta?.id ?? '', topic]
			)
		).rows;
		expect(stored).toBe(1);
	});

	it('keeps an id the payload already has, and sends the row’s own id as meta', async () => {
		const topic = topicName();
		const inbox = await listen(vsn, topic);
		await send({ id: 'mine', n: 1 }, 'note', topic, false);
		const message = await inbox.next();
		expect(message.payload).toEqual({ id: 'mine', n: 1 });
		expect(message.meta?.id).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('reaches a private channel whose user RLS lets read the topic, and not the public one', async () => {
		const topic = `room:${users.alice}:${++count}`;
		const alice = await listen(vsn, topic, {
			private: true,
			token: await userToken(suite.stack, users.alice)
		});
		const publicSameName = await listen(vsn, topic);
		await send({ for: 'alice' }, 'ping', topic, true);
		await send({ for: 'everyone' }, 'ping', topic, false);
		expect((await alice.next()).payload).toMatchObject({ for: 'alice' });
		// The public channel of the same name gets only the public message.
		expect((await publicSameName.next()).payload).toMatchObject({ for: 'everyone' });
		expect(alice.items).toHaveLength(1);
	});

	it('never reaches a user RLS does not let read the private topic', async () => {
		const topic = `room:${users.alice}:${++count}`;
		const client = await suite.client(vsn, { token: await userToken(suite.stack, users.bob) });
		const bobs = client.channel(topic, { config: { private: true } });
		const status = await subscribe(bobs).next((s) => s.status === 'CHANNEL_ERROR');
		expect(status.error?.message).toBe(
			`Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`
		);
		const alice = await listen(vsn, topic, {
			private: true,
			token: await userToken(suite.stack, users.alice)
		});
		await send({ n: 1 }, 'ping', topic, true);
		expect((await alice.next()).payload).toMatchObject({ n: 1 });
	});
});

describe('realtime.send', () => {
	it('sends nothing when the transaction rolls back', async () => {
		const topic = topicName();
		const inbox = await listen('2.0.0', topic);
		await expect(
			suite.stack.db.transaction(async (tx) => {
				await tx.query(`select realtime.send('{"n": 1}', 'draft', $1, false)`, [topic]);
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		await send({ n: 2 }, 'final', topic, false);
		expect((await inbox.next()).event).toBe('final');
		expect(inbox.items).toHaveLength(1);
	});

	it('runs as its caller: a send RLS refuses is a warning that leaves the transaction to commit', async () => {
		const topic = `room:${users.alice}:${++count}`;
		const alice = await listen('2.0.0', topic, {
			private: true,
			token: await userToken(suite.stack, users.alice)
		});
		const claims = JSON.stringify({ role: 'authenticated', sub: users.bob });
		const committed = await suite.stack.db.transaction(async (tx) => {
			await tx.query(
				`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
				[claims]
			);
			await tx.query(`select realtime.send('{"from": "bob"}', 'intrusion', $1)`, [topic]);
			return (await tx.query<{ ok: number }>('select 1 as ok')).rows;
		});
		expect(committed).toEqual([{ ok: 1 }]);
		await send({ from: 'server' }, 'ping', topic, true);
		expect((await alice.next()).payload).toMatchObject({ from: 'server' });
		expect(alice.items).toHaveLength(1);
	});
});

describe('realtime.broadcast_changes from a trigger', () => {
	it('sends each row change to the private topic, as operation, record, old_record, table and schema', async () => {
		const topic = `room:${users.alice}:notes`;
		const alice = await listen('2.0.0', topic, {
			private: true,
			token: await userToken(suite.stack, users.alice)
		});
		const [{ id }] = (
			await suite.stack.db.query<{ id: number }>(
				`insert into notes (owner_id, body) values ($1, 'first') returning id`,
				[users.alice]
			)
		).rows;
		await suite.stack.db.query(`update notes set body = 'second' where id = $1`, [id]);
		await suite.stack.db.query(`delete from notes where id = $1`, [id]);
		const [inserted, updated, deleted] = await alice.count(3);
		const row = { id: Number(id), owner_id: users.alice };
		expect(inserted).toMatchObject({
			type: 'broadcast',
			event: 'INSERT',
			payload: {
				operation: 'INSERT',
				table: 'notes',
				schema: 'public',
				record: { ...row, body: 'first' },
				old_record: null
			}
		});
		expect(updated.payload).toMatchObject({
			operation: 'UPDATE',
			record: { body: 'second' },
			old_record: { body: 'first' }
		});
		expect(deleted.payload).toMatchObject({
			operation: 'DELETE',
			record: null,
			old_record: { ...row, body: 'second' }
		});
		expect(deleted.meta?.id).toBe(deleted.payload.id);
	});

	it('refuses statement-level use and unknown operations, failing the statement', async () => {
		await expect(
			suite.stack.db.query(
				`select realtime.broadcast_changes('t', 'e', 'INSERT', 'notes', 'public', null::record, null::record, 'STATEMENT')`
			)
		).rejects.toMatchObject({
			message:
				'Failed to process the row: function can only be triggered for each row, not for each statement'
		});
		await expect(
			suite.stack.db.query(
				`select realtime.broadcast_changes('t', 'e', 'TRUNCATE', 'notes', 'public', null::record, null::record)`
			)
		).rejects.toMatchObject({
			message: 'Failed to process the row: Unexpected operation type: TRUNCATE'
		});
	});
});
