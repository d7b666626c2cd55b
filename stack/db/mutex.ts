/** A FIFO lock: PGlite has one connection, so every statement and transaction takes turns. */
export class Mutex {
	#tail: Promise<void> = Promise.resolve();

	run<T>(work: () => Promise<T>): Promise<T> {
		const result = this.#tail.then(work);
		this.#tail = result.then(
			() => undefined,
			() => undefined
		);
		return result;
	}
}
