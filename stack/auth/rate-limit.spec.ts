import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit';

describe('token buckets', () => {
	it('allow `limit` requests per key, then refill over the window', () => {
		let now = 0;
		const buckets = new TokenBuckets(2, 1000, () => now);
		expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([true, true, false]);
		expect(buckets.take('b')).toBe(true);
		now = 500;
		expect(buckets.take('a')).toBe(true);
		expect(buckets.take('a')).toBe(false);
	});

	it('refuse everything with a limit of 0', () => {
		expect(new TokenBuckets(0, 1000).take('a')).toBe(false);
	});
});
