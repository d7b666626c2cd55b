// Presence as supabase-js sees it: presence_state on join, presence_diff on track, untrack and
// disconnect, keyed by the channel's presence key.
import type { RealtimeChannel } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { Inbox, joined, realtimeSuite, until, vsns, type Vsn } from './fixtures/realtime/support';

const suite = realtimeSuite();

let topicCount = 0;
const topicName = () => `presence-${++topicCount}`;

/** A channel with presence; `seen()` waits until its presence state satisfies a condition. */
async function member(vsn: Vsn, topic: string, key?: string) {
	const client = await suite.client(vsn);
	const syncs = new Set<() => void>();
	const channel: RealtimeChannel = client
		.channel(topic, { config: { presence: { key } } })
		.on('presence', { event: 'sync' }, () => syncs.forEach((notify) => notify()));
	await joined(channel);
	const seen = <T>(
		condition: (state: ReturnType<RealtimeChannel['presenceState']>) => T | undefined,
		what: string
	) =>
		until(
			(notify) => syncs.add(notify),
			() => condition(channel.presenceState()),
			what
		);
	return { client, channel, seen };
}

const keysOf = (state: Record<string, unknown>) => Object.keys(state).sort();

describe.each(vsns)('presence over vsn %s', (vsn) => {
	it('shows a tracked member to everyone on the topic, under its key, until it untracks', async () => {
		const topic = topicName();
		const alice = await member(vsn, topic, 'alice');
		const bob = await member(vsn, topic, 'bob');
		expect(await alice.channel.track({ status: 'online' })).toBe('ok');
		const state = await bob.seen((s) => (s.alice ? s : undefined), 'alice to appear');
		expect(state.alice).toEqual([{ status: 'online', presence_ref: expect.any(String) }]);
		expect(await alice.channel.untrack()).toBe('ok');
		await bob.seen((s) => (s.alice ? undefined : true), 'alice to leave');
	});

	it('sends the state so far to a channel that joins later', async () => {
		const topic = topicName();
		const alice = await member(vsn, topic, 'alice');
		await alice.channel.track({ status: 'busy' });
		const late = await member(vsn, topic, 'late');
		const state = await late.seen((s) => (s.alice ? s : undefined), 'the presence state');
		expect(state.alice).toEqual([{ status: 'busy', presence_ref: expect.any(String) }]);
	});

	it('announces a second track as a join of the new meta and a leave of the old one', async () => {
		const topic = topicName();
		const alice = await member(vsn, topic, 'alice');
		const client = await suite.client(vsn);
		const events = new Inbox<{ event: string; key: string; metas: unknown[] }>();
		const bob = client
			.channel(topic, { config: { presence: { key: 'bob' } } })
			.on('presence', { event: 'join' }, ({ key, newPresences }) =>
				events.push({ event: 'join', key, metas: newPresences })
			)
			.on('presence', { event: 'leave' }, ({ key, leftPresences }) =>
				events.push({ event: 'leave', key, metas: leftPresences })
			);
		await joined(bob);
		await alice.channel.track({ status: 'online' });
		await events.next((e) => e.event === 'join');
		await alice.channel.track({ status: 'away' });
		const [, join, leave] = await events.count(3);
		expect(join).toEqual({
			event: 'join',
			key: 'alice',
			metas: [{ status: 'away', presence_ref: expect.any(String) }]
		});
		expect(leave).toEqual({
			event: 'leave',
			key: 'alice',
			metas: [{ status: 'online', presence_ref: expect.any(String) }]
		});
	});

	it('lets a member go when its socket closes', async () => {
		const topic = topicName();
		const alice = await member(vsn, topic, 'alice');
		const bob = await member(vsn, topic, 'bob');
		await alice.channel.track({ status: 'online' });
		await bob.seen((s) => (s.alice ? true : undefined), 'alice to appear');
		await alice.client.realtime.disconnect();
		await bob.seen((s) => (s.alice ? undefined : true), 'alice to leave');
	});

	it('keys a member without a presence key by a generated UUID', async () => {
		const topic = topicName();
		const anonymous = await member(vsn, topic);
		const watcher = await member(vsn, topic, 'watcher');
		await anonymous.channel.track({ who: 'anonymous' });
		const state = await watcher.seen((s) => (keysOf(s).length > 0 ? s : undefined), 'the member');
		expect(keysOf(state)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
	});
});
