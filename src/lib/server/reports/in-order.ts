// Calls overlapped, answers in order: the ticket export fetches the next page while the database
// still formats the current one, and writes pages in the order they were asked for, holding at
// most `concurrency` of them.

/**
 * `fetch` of each item `items` yields, with up to `concurrency` calls in flight, yielding their
 * results in the items' order. A failed call fails the iteration when its turn comes; the calls
 * after it are left to finish unread.
 */
export async function* inOrder<T, R>(
	items: AsyncIterable<T>,
	fetch: (item: T) => Promise<R>,
	concurrency: number
): AsyncGenerator<R> {
	const source = items[Symbol.asyncIterator]();
	const inFlight: Promise<R>[] = [];
	let exhausted = false;
	const fill = async () => {
		while (!exhausted && inFlight.length < concurrency) {
			const next = await source.next();
			if (next.done) {
				exhausted = true;
				return;
			}
			const call = fetch(next.value);
			// Read in its turn; until then a failure must not count as unhandled.
			call.catch(() => {});
			inFlight.push(call);
		}
	};
	await fill();
	while (inFlight.length > 0) {
		const result = await inFlight.shift()!;
		// The next call starts before this result is handed on, not after the reader is done with it.
		await fill();
		yield result;
	}
}
