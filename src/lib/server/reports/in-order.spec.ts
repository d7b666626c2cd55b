import { describe, expect, it } from 'vitest';
import { inOrder } from './in-order';

/** A promise settled from outside, so a test decides which call answers first. */
function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((yes, no) => {
		resolve = yes;
		reject = no;
	});
	return { promise, resolve, reject };
}

async function* from<T>(items: T[]) {
	yield* items;
}

describe('inOrder', () => {
	it('keeps two calls in flight and yields in the items’ order, whichever answers first', async () => {
		const calls = new Map<number, ReturnType<typeof deferred<string>>>();
		const started: number[] = [];
		const secondStarted = deferred<void>();
		const results = inOrder(
			from([1, 2, 3, 4]),
			(n) => {
				started.push(n);
				if (n === 2) secondStarted.resolve();
				const call = deferred<string>();
				calls.set(n, call);
				return call.promise;
			},
			2
		);
		const first = results.next();
		// The second call starts while the first has not answered.
		await secondStarted.promise;
		expect(started).toEqual([1, 2]);
		calls.get(2)!.resolve('two');
		calls.get(1)!.resolve('one');
		expect(await first).toEqual({ done: false, value: 'one' });
		// The third call started before the first result was handed on.
		expect(started).toEqual([1, 2, 3]);
		const second = await results.next();
		expect(second).toEqual({ done: false, value: 'two' });
		expect(started).toEqual([1, 2, 3, 4]);
		calls.get(4)!.resolve('four');
		calls.get(3)!.resolve('three');
		expect(await results.next()).toEqual({ done: false, value: 'three' });
		expect(await results.next()).toEqual({ done: false, value: 'four' });
		expect(await results.next()).toEqual({ done: true, value: undefined });
	});

	it('fails in the failed call’s turn, after the results before it', async () => {
		const results = inOrder(
			from([1, 2, 3]),
			(n) => (n === 2 ? Promise.reject(new Error('page 2 refused')) : Promise.resolve(n)),
			2
		);
		expect(await results.next()).toEqual({ done: false, value: 1 });
		await expect(results.next()).rejects.toThrow('page 2 refused');
	});

	it('yields nothing for no items', async () => {
		const seen: number[] = [];
		for await (const n of inOrder(from<number>([]), async (n) => n, 2)) seen.push(n);
		expect(seen).toEqual([]);
	});
});
