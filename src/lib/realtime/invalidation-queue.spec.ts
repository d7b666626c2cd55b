import { describe, expect, it } from 'vitest';
import { InvalidationQueue } from './invalidation-queue';

const tick = () => new Promise<void>((done) => queueMicrotask(done));

describe('the invalidation queue', () => {
	it('merges requests made in the same tick into one reload per dependency', async () => {
		const calls: string[] = [];
		const queue = new InvalidationQueue(
			(d) => calls.push(d),
			() => false
		);
		queue.request('supabase:db:tickets');
		queue.request('supabase:db:tickets');
		queue.request('supabase:db:ticket:3');
		expect(calls).toEqual([]);
		await tick();
		expect(calls).toEqual(['supabase:db:tickets', 'supabase:db:ticket:3']);
	});

	it('holds reloads while a navigation is under way and runs them once it ends', async () => {
		const calls: string[] = [];
		let navigating = true;
		const queue = new InvalidationQueue(
			(d) => calls.push(d),
			() => navigating
		);
		queue.request('supabase:db:tickets');
		await tick();
		expect(calls).toEqual([]);
		navigating = false;
		queue.flush();
		queue.flush();
		expect(calls).toEqual(['supabase:db:tickets']);
	});
});
