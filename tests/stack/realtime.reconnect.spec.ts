// A stack that restarts on the same port: realtime-js reconnects its socket and rejoins its channels
// on its own, and postgres_changes flow again without the app doing anything.
import { createClient } from '@supabase/supabase-js';
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '../../scripts/free-port.js';
import type { Stack } from '../../stack';
import {
	stackOnPort,
	subscribe,
	userToken,
	users,
	Inbox,
	type SystemMessage
} from './fixtures/realtime/support';

const running: Stack[] = [];
afterAll(async () => {
	for (const stack of running) await stack.stop();
});

it('rejoins every channel after the server restarts, and delivers changes again', async () => {
	const port = await freePort();
	const first = await stackOnPort(port);
	running.push(first);
	const client = createClient(first.url, first.keys.anon, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: WebSocket as never }
	});
	// Both stacks use the CLI's default JWT secret, so the token stays valid across the restart.
	await client.realtime.setAuth(await userToken(first, users.alice));
	const changes = new Inbox<{ subject: string }>();
	const system = new Inbox<SystemMessage>();
	const channel = client
		.channel('reconnect')
		.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'tickets' }, (p) =>
			changes.push(p.new as { subject: string })
		)
		.on('system', {}, (m: SystemMessage) => system.push(m));
	const statuses = subscribe(channel);
	await statuses.next((s) => s.status === 'SUBSCRIBED');
	await system.next((m) => m.message === 'Subscribed to PostgreSQL');

	await first.stop();
	running.splice(running.indexOf(first), 1);
	await statuses.next((s) => s.status === 'CHANNEL_ERROR', 'the channel to notice', 0);
	const second = await stackOnPort(port);
	running.push(second);

	const rejoined = statuses.items.length;
	await statuses.next((s) => s.status === 'SUBSCRIBED', 'the rejoin', rejoined, 25_000);
	await system.next(
		(m) => m.message === 'Subscribed to PostgreSQL',
		'the resubscription',
		1,
		25_000
	);
	await second.db.query(`insert into tickets (owner_id, subject) values ($1, 'after restart')`, [
		users.alice
	]);
	expect(await changes.next()).toMatchObject({ subject: 'after restart' });
	await client.removeAllChannels();
}, 60_000);
