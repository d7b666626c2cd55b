import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeRealtimeClient } from './fake-client';
import { RealtimeHub } from './hub.svelte';
import { TypingListener, TypingSignal, typingRenewMs, typingStaleMs } from './typing.svelte';

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('"Support is typing…"', () => {
	let client: FakeRealtimeClient;
	let hub: RealtimeHub;

	beforeEach(() => {
		vi.useFakeTimers();
		client = new FakeRealtimeClient();
		hub = new RealtimeHub(client, { invalidate: () => {} });
	});

	afterEach(() => {
		hub.destroy();
		vi.useRealTimers();
	});

	async function joined(topic: string) {
		await settle();
		const [channel] = client.open(topic);
		channel.report('SUBSCRIBED');
		return channel;
	}

	describe('from an agent tab', () => {
		let signal: TypingSignal;
		beforeEach(() => {
			signal = new TypingSignal(hub);
		});

		it('joins the ticket’s typing topic as a private channel with no presence', async () => {
			const release = signal.hold(7);
			const channel = await joined('typing:7');
			expect(channel.options).toEqual({ private: true, presenceKey: undefined });
			release();
		});

		it('says it is typing a reply once, then again only after a while', async () => {
			signal.hold(7);
			const channel = await joined('typing:7');
			signal.update(7, 'reply');
			signal.update(7, 'reply');
			expect(channel.sent).toEqual([{ event: 'typing', payload: { typing: true } }]);
			vi.advanceTimersByTime(typingRenewMs);
			signal.update(7, 'reply');
			expect(channel.sent).toHaveLength(2);
		});

		it('never says anything while the agent writes a note', async () => {
			signal.hold(7);
			const channel = await joined('typing:7');
			signal.update(7, 'note');
			signal.update(7, null);
			expect(channel.sent).toEqual([]);
		});

		it('withdraws the signal when the agent stops, sends, or turns to a note', async () => {
			signal.hold(7);
			const channel = await joined('typing:7');
			signal.update(7, 'reply');
			signal.update(7, null);
			signal.update(7, 'reply');
			signal.update(7, 'note');
			expect(channel.sent.map(({ payload }) => payload.typing)).toEqual([true, false, true, false]);
		});

		it('withdraws the signal when the page lets the ticket go', async () => {
			const release = signal.hold(7);
			const channel = await joined('typing:7');
			signal.update(7, 'reply');
			release();
			expect(channel.sent.map(({ payload }) => payload.typing)).toEqual([true, false]);
			await settle();
			expect(client.open('typing:7')).toEqual([]);
		});

		it('says it once the topic is joined, and again after a rejoin, if the agent is writing', async () => {
			signal.hold(7);
			await settle();
			const [channel] = client.open('typing:7');
			signal.update(7, 'reply');
			expect(channel.sent).toEqual([]);
			channel.report('SUBSCRIBED');
			expect(channel.sent).toEqual([{ event: 'typing', payload: { typing: true } }]);
			channel.report('CHANNEL_ERROR');
			channel.report('SUBSCRIBED');
			expect(channel.sent).toHaveLength(2);
			signal.update(7, null);
			channel.report('CHANNEL_ERROR');
			channel.report('SUBSCRIBED');
			expect(channel.sent.map(({ payload }) => payload.typing)).toEqual([true, true, false]);
		});

		it('takes back what it said on one ticket before writing on another', async () => {
			signal.hold(7);
			signal.hold(8);
			const seven = await joined('typing:7');
			const eight = await joined('typing:8');
			signal.update(7, 'reply');
			signal.update(8, 'reply');
			expect(seven.sent.map(({ payload }) => payload.typing)).toEqual([true, false]);
			expect(eight.sent.map(({ payload }) => payload.typing)).toEqual([true]);
		});
	});

	describe('on the customer’s page', () => {
		it('shows while support types, and hides when told they stopped', async () => {
			const listener = new TypingListener(hub, 7);
			const stop = listener.listen();
			const channel = await joined('typing:7');
			expect(listener.current).toBe(false);
			channel.broadcast('typing', { typing: true });
			expect(listener.current).toBe(true);
			channel.broadcast('typing', { typing: false });
			expect(listener.current).toBe(false);
			stop();
		});

		it('goes stale when nobody renews it (a tab closed mid-reply)', async () => {
			const listener = new TypingListener(hub, 7);
			listener.listen();
			const channel = await joined('typing:7');
			channel.broadcast('typing', { typing: true });
			vi.advanceTimersByTime(typingStaleMs - 1);
			channel.broadcast('typing', { typing: true });
			vi.advanceTimersByTime(typingStaleMs - 1);
			expect(listener.current).toBe(true);
			vi.advanceTimersByTime(1);
			expect(listener.current).toBe(false);
		});

		it('ignores other events, and stops listening when let go', async () => {
			const listener = new TypingListener(hub, 7);
			const stop = listener.listen();
			const channel = await joined('typing:7');
			channel.broadcast('other', { typing: true });
			expect(listener.current).toBe(false);
			channel.broadcast('typing', { typing: true });
			stop();
			expect(listener.current).toBe(false);
			await settle();
			expect(channel.removed).toBe(true);
		});
	});
});
