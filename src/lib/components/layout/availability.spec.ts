import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppSupabaseClient } from '$lib/supabase';
import { Availability } from './availability.svelte';

const toast = vi.hoisted(() => ({ success: vi.fn(), error: vi.fn() }));
vi.mock('svelte-sonner', () => ({ toast }));

/** A database whose set_availability fails when `failing`, and whose heartbeat reports `status`. */
function database(options: { failing?: boolean; status?: string } = {}) {
	const rpc = vi.fn(async (fn: string) =>
		fn === 'heartbeat'
			? { data: { status: options.status ?? 'available' }, error: null }
			: { data: null, error: options.failing ? { code: '42501', message: 'no' } : null }
	);
	return { rpc, client: { rpc } as unknown as AppSupabaseClient };
}

afterEach(() => {
	vi.useRealTimers();
	vi.clearAllMocks();
});

describe('Availability', () => {
	it('saves a new availability and says what it means for routing', async () => {
		const { rpc, client } = database();
		const availability = new Availability(() => client, 'available');
		await availability.set('away');
		expect(rpc).toHaveBeenCalledWith('set_availability', { status: 'away' });
		expect(availability.current).toBe('away');
		expect(toast.success).toHaveBeenCalledWith('You are away: no new tickets are assigned to you.');
	});

	it('goes back to what it was when the change fails', async () => {
		const { client } = database({ failing: true });
		const availability = new Availability(() => client, 'available');
		await availability.set('offline');
		expect(availability.current).toBe('available');
		expect(toast.error).toHaveBeenCalled();
	});

	it('beats at once and every minute until stopped, following a change made in another tab', async () => {
		vi.useFakeTimers();
		const { rpc, client } = database({ status: 'away' });
		const availability = new Availability(() => client, 'available');
		const stop = availability.beat();
		await vi.advanceTimersByTimeAsync(0);
		expect(rpc).toHaveBeenCalledTimes(1);
		expect(availability.current).toBe('away');
		await vi.advanceTimersByTimeAsync(3 * 60_000);
		expect(rpc).toHaveBeenCalledTimes(4);
		stop();
		await vi.advanceTimersByTimeAsync(5 * 60_000);
		expect(rpc).toHaveBeenCalledTimes(4);
		expect(rpc.mock.calls.every(([fn]) => fn === 'heartbeat')).toBe(true);
	});
});
