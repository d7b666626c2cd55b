import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeRealtimeClient } from './fake-client';
import { agentsPresence, queueFeed, ticketFeed, ticketRowFeed, ticketsFeed } from './feeds';
import { RealtimeHub } from './hub.svelte';
import { connectionStatus } from './status';

/** Lets the store's pending promises (authorising, leaving) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('the realtime store', () => {
	let client: FakeRealtimeClient;
	let invalidated: string[];
	let hub: RealtimeHub;

	beforeEach(() => {
		vi.useFakeTimers();
		client = new FakeRealtimeClient();
		invalidated = [];
		hub = new RealtimeHub(client, {
			invalidate: (dependency) => invalidated.push(dependency),
			retryDelay: () => 1000
		});
	});

	afterEach(() => {
		hub.destroy();
		vi.useRealTimers();
	});

	describe('owning topics', () => {
		it('opens one channel per topic however many readers hold it', async () => {
			const releases = [hub.acquire(ticketsFeed()), hub.acquire(ticketsFeed())];
			releases.push(hub.acquire(ticketsFeed()));
			await settle();
			expect(client.open('tickets')).toHaveLength(1);
			expect(hub.readers('tickets')).toBe(3);
			for (const release of releases) release();
		});

		it('keeps the channel while any reader remains and closes it with the last', async () => {
			const first = hub.acquire(ticketsFeed());
			const second = hub.acquire(ticketsFeed());
			await settle();
			first();
			first();
			await settle();
			expect(hub.readers('tickets')).toBe(1);
			expect(client.open('tickets')).toHaveLength(1);
			second();
			await settle();
			expect(client.open('tickets')).toHaveLength(0);
			expect(hub.topicState('tickets')).toBeUndefined();
		});

		it('gives different topics different channels with their own filters', async () => {
			hub.acquire(ticketsFeed());
			hub.acquire(ticketFeed(7));
			await settle();
			expect(client.channels.map((c) => c.topic)).toEqual(['tickets', 'ticket:7']);
			expect(client.open('ticket:7')[0].filters).toEqual([
				{ event: '*', schema: 'public', table: 'tickets', filter: 'id=eq.7' },
				{ event: '*', schema: 'public', table: 'ticket_activities', filter: 'ticket_id=eq.7' }
			]);
		});

		it('does not open a channel for a topic released before its token was ready', async () => {
			hub.acquire(ticketsFeed())();
			await settle();
			expect(client.channels).toHaveLength(0);
		});

		it('reopens a topic only after its old channel has been let go', async () => {
			hub.acquire(ticketsFeed())();
			hub.acquire(ticketsFeed());
			await settle();
			expect(client.open('tickets')).toHaveLength(1);
		});
	});

	describe('catching up', () => {
		it('reloads what a feed shows after it subscribes, and after every resubscribe', async () => {
			hub.acquire(ticketFeed(7));
			await settle();
			const [channel] = client.open('ticket:7');
			channel.report('SUBSCRIBED');
			expect(invalidated).toEqual(['supabase:db:ticket:7']);
			channel.report('CHANNEL_ERROR');
			channel.report('SUBSCRIBED');
			expect(invalidated).toEqual(['supabase:db:ticket:7', 'supabase:db:ticket:7']);
		});

		it('lets a feed catch up on its own after every subscribe', async () => {
			let checks = 0;
			hub.acquire({ ...ticketsFeed(), onSubscribed: () => (checks += 1) });
			await settle();
			const [channel] = client.open('tickets');
			channel.report('SUBSCRIBED');
			channel.report('CHANNEL_ERROR');
			expect(checks).toBe(1);
			channel.report('SUBSCRIBED');
			expect(checks).toBe(2);
		});

		it('reloads the feed on every change it delivers', async () => {
			const seen: string[] = [];
			hub.acquire({ ...ticketsFeed(), onChange: (change) => seen.push(change.eventType) });
			await settle();
			const [channel] = client.open('tickets');
			channel.report('SUBSCRIBED');
			channel.change({ eventType: 'INSERT' });
			expect(invalidated).toEqual(['supabase:db:tickets', 'supabase:db:tickets']);
			expect(seen).toEqual(['INSERT']);
		});

		it('reloads a feed only on the changes it says it shows, and after every subscribe', async () => {
			hub.acquire(ticketRowFeed(7, (row) => row.status !== 'open'));
			await settle();
			const [channel] = client.open('ticket-row:7');
			channel.report('SUBSCRIBED');
			channel.change({ eventType: 'UPDATE', new: { id: 7, status: 'open' } });
			expect(invalidated).toEqual(['supabase:db:ticket-row:7']);
			channel.change({ eventType: 'UPDATE', new: { id: 7, status: 'solved' } });
			expect(invalidated).toEqual(['supabase:db:ticket-row:7', 'supabase:db:ticket-row:7']);
		});

		it('ignores a channel it already let go of', async () => {
			const release = hub.acquire(ticketsFeed());
			await settle();
			const [channel] = client.channels;
			release();
			channel.report('SUBSCRIBED');
			channel.change();
			expect(invalidated).toEqual([]);
		});
	});

	describe('readers with their own callbacks', () => {
		it('tells every reader of a topic about each change and each subscribe', async () => {
			const seen: string[] = [];
			hub.acquire({ ...ticketsFeed(), onChange: () => seen.push('first change') });
			hub.acquire({
				...ticketsFeed(),
				onChange: () => seen.push('second change'),
				onSubscribed: () => seen.push('second subscribed')
			});
			await settle();
			const [channel] = client.open('tickets');
			channel.report('SUBSCRIBED');
			channel.change();
			expect(seen).toEqual(['second subscribed', 'first change', 'second change']);
		});

		it('stops calling a reader once it lets go', async () => {
			const seen: string[] = [];
			const release = hub.acquire({ ...ticketsFeed(), onChange: () => seen.push('gone') });
			hub.acquire({ ...ticketsFeed(), onChange: () => seen.push('kept') });
			await settle();
			release();
			client.open('tickets')[0].change();
			expect(seen).toEqual(['kept']);
		});

		it('reloads no page for a feed that applies its changes itself', async () => {
			const changes: string[] = [];
			let catchUps = 0;
			hub.acquire(
				queueFeed(
					(change) => changes.push(change.eventType),
					() => (catchUps += 1)
				)
			);
			await settle();
			const [channel] = client.open('queue');
			channel.report('SUBSCRIBED');
			channel.change({ eventType: 'INSERT' });
			expect(invalidated).toEqual([]);
			expect(changes).toEqual(['INSERT']);
			expect(catchUps).toBe(1);
		});
	});

	describe('presence', () => {
		it('joins a presence topic as a private channel under the person’s key', async () => {
			hub.acquire(agentsPresence('agent-1'));
			await settle();
			expect(client.open('agents:presence')[0].options).toEqual({
				private: true,
				presenceKey: 'agent-1'
			});
		});

		it('holds who is there, as the server last synced it', async () => {
			hub.acquire(agentsPresence('agent-1'));
			await settle();
			expect(hub.presence('agents:presence')).toEqual({});
			client.open('agents:presence')[0].sync({ 'agent-2': [{ ticket: 7 }] });
			expect(hub.presence('agents:presence')).toEqual({ 'agent-2': [{ ticket: 7 }] });
		});

		it('tracks what the tab says once joined, and again after every rejoin', async () => {
			hub.acquire(agentsPresence('agent-1'));
			await settle();
			const [channel] = client.open('agents:presence');
			hub.track('agents:presence', { ticket: 7 });
			expect(channel.tracked).toBeNull();
			channel.report('SUBSCRIBED');
			expect(channel.tracked).toEqual({ ticket: 7 });
			await channel.untrack();
			channel.report('CHANNEL_ERROR');
			channel.report('SUBSCRIBED');
			expect(channel.tracked).toEqual({ ticket: 7 });
		});

		it('lets a page that goes away take back only what it said itself', async () => {
			hub.acquire(agentsPresence('agent-1'));
			await settle();
			const [channel] = client.open('agents:presence');
			channel.report('SUBSCRIBED');
			hub.track('agents:presence', { ticket: 8 });
			hub.track('agents:presence', null, (current) => current.ticket !== 7);
			expect(channel.tracked).toEqual({ ticket: 8 });
			hub.track('agents:presence', null, (current) => current.ticket !== 8);
			expect(channel.tracked).toBeNull();
		});
	});

	describe('the token', () => {
		it('hands the socket the session token before the first join', async () => {
			hub.acquire(ticketsFeed());
			await settle();
			expect(client.setAuthCalls).toEqual(['token-1']);
			expect(client.channels[0].joinedWith).toBe('token-1');
		});

		it('hands the socket every refreshed token', () => {
			client.announce('TOKEN_REFRESHED', { access_token: 'token-2' });
			expect(client.setAuthCalls).toEqual(['token-2']);
		});

		it('refreshes the token when a join is refused, so the client rejoins with a valid one', async () => {
			hub.acquire(ticketsFeed());
			await settle();
			const [channel] = client.channels;
			client.refreshTo = 'token-2';
			channel.report('CHANNEL_ERROR');
			await settle();
			expect(client.socketToken).toBe('token-2');
			expect(client.open('tickets')).toEqual([channel]);
		});

		it('recreates, with a fresh token, a channel the server closed because its token expired', async () => {
			hub.acquire(ticketsFeed());
			await settle();
			const [first] = client.channels;
			first.report('SUBSCRIBED');
			client.refreshTo = 'token-2';
			first.report('CLOSED');
			expect(hub.status).toBe('reconnecting');
			await vi.advanceTimersByTimeAsync(1000);
			const [second] = client.open('tickets');
			expect(first.removed).toBe(true);
			expect(second.joinedWith).toBe('token-2');
			second.report('SUBSCRIBED');
			expect(hub.status).toBe('live');
			expect(invalidated).toEqual(['supabase:db:tickets', 'supabase:db:tickets']);
		});

		it('recovers at once on wake, without waiting out the back-off', async () => {
			hub.acquire(ticketsFeed());
			await settle();
			client.channels[0].report('SUBSCRIBED');
			client.refreshTo = 'token-2';
			client.channels[0].report('CLOSED');
			hub.wake(true);
			await settle();
			const [second] = client.open('tickets');
			expect(second.joinedWith).toBe('token-2');
		});
	});

	describe('status', () => {
		it('is connecting, then live once joined, reconnecting when lost, live again when back', async () => {
			expect(hub.status).toBe('connecting');
			hub.acquire(ticketsFeed());
			await settle();
			expect(hub.status).toBe('connecting');
			const [channel] = client.channels;
			channel.report('SUBSCRIBED');
			expect(hub.status).toBe('live');
			channel.report('CHANNEL_ERROR');
			expect(hub.status).toBe('reconnecting');
			channel.report('SUBSCRIBED');
			expect(hub.status).toBe('live');
		});

		it('is offline while the browser is offline', async () => {
			hub.acquire(ticketsFeed());
			await settle();
			client.channels[0].report('SUBSCRIBED');
			hub.wake(false);
			expect(hub.status).toBe('offline');
			hub.wake(true);
			expect(hub.status).toBe('live');
		});

		it('stays live while a page opens a new feed on a live socket', async () => {
			hub.acquire(ticketsFeed());
			await settle();
			client.channels[0].report('SUBSCRIBED');
			hub.acquire(ticketFeed(3));
			await settle();
			expect(hub.status).toBe('live');
		});

		it('reads offline once the connection has been lost for 10 s, and live when it is back', async () => {
			hub.acquire(ticketsFeed());
			hub.acquire(ticketFeed(3));
			await settle();
			for (const channel of client.channels) channel.report('SUBSCRIBED');
			for (const channel of client.channels) channel.report('CHANNEL_ERROR');
			expect(hub.status).toBe('reconnecting');
			await vi.advanceTimersByTimeAsync(9_999);
			expect(hub.status).toBe('reconnecting');
			// The client library keeps trying while the stack is away: each attempt fails again.
			for (const channel of client.channels) channel.report('TIMED_OUT');
			await vi.advanceTimersByTimeAsync(1);
			expect(hub.status).toBe('offline');
			client.channels[0].report('SUBSCRIBED');
			expect(hub.status).toBe('reconnecting');
			client.channels[1].report('SUBSCRIBED');
			expect(hub.status).toBe('live');
		});

		it('counts the 10 s again after every time the connection came back', async () => {
			hub.acquire(ticketsFeed());
			await settle();
			const [channel] = client.channels;
			channel.report('SUBSCRIBED');
			channel.report('CHANNEL_ERROR');
			await vi.advanceTimersByTimeAsync(6_000);
			channel.report('SUBSCRIBED');
			channel.report('CHANNEL_ERROR');
			await vi.advanceTimersByTimeAsync(6_000);
			expect(hub.status).toBe('reconnecting');
			await vi.advanceTimersByTimeAsync(4_000);
			expect(hub.status).toBe('offline');
		});

		it('is offline, not connecting forever, when the first join never succeeds', async () => {
			hub.acquire(ticketsFeed());
			await settle();
			client.channels[0].report('CHANNEL_ERROR');
			expect(hub.status).toBe('connecting');
			await vi.advanceTimersByTimeAsync(10_000);
			expect(hub.status).toBe('offline');
		});

		it('forgets a lost connection once nothing is open', async () => {
			const release = hub.acquire(ticketsFeed());
			await settle();
			client.channels[0].report('CHANNEL_ERROR');
			release();
			await vi.advanceTimersByTimeAsync(10_000);
			expect(hub.status).toBe('connecting');
		});

		it('is connecting, not reconnecting, when the very first join fails', () => {
			expect(connectionStatus(true, false, ['retrying'])).toBe('connecting');
			expect(connectionStatus(true, true, ['joined', 'retrying'])).toBe('reconnecting');
		});
	});

	it('holds nothing while rendering on the server', () => {
		const serverHub = new RealtimeHub(null, { invalidate: () => {} });
		serverHub.acquire(ticketsFeed())();
		expect(serverHub.status).toBe('connecting');
	});
});
