// The time scheduled work runs on. The stack uses the system clock; tests pass one they move by hand,
// so a job due at the next minute runs without anyone waiting for that minute.

export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Calls `fire` once `ms` milliseconds have passed on this clock; returns a function that cancels. */
	setTimer(fire: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	setTimer(fire, ms) {
		const timer = setTimeout(fire, ms);
		return () => clearTimeout(timer);
	}
};

/** A clock that moves only when told to: for tests of scheduled work. */
export class ManualClock implements Clock {
	#now: number;
	#timers = new Set<{ at: number; fire: () => void }>();
	#waiters = new Set<{ at: number; resolve: () => void }>();

	constructor(start: number) {
		this.#now = start;
	}

	now(): number {
		return this.#now;
	}

	setTimer(fire: () => void, ms: number): () => void {
		const timer = { at: this.#now + ms, fire };
		this.#timers.add(timer);
		for (const waiter of this.#waiters)
			if (waiter.at === timer.at) {
				this.#waiters.delete(waiter);
				waiter.resolve();
			}
		return () => this.#timers.delete(timer);
	}

	/** Resolves once a timer is set to fire at `at`: whoever set it has seen everything before. */
	armedFor(at: number): Promise<void> {
		if ([...this.#timers].some((timer) => timer.at === at)) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.add({ at, resolve }));
	}

	/** Moves the time to `at` and fires every timer due by then, earliest first. */
	advanceTo(at: number): void {
		this.#now = Math.max(this.#now, at);
		for (;;) {
			const due = [...this.#timers]
				.filter((timer) => timer.at <= this.#now)
				.sort((a, b) => a.at - b.at)[0];
			if (!due) return;
			this.#timers.delete(due);
			due.fire();
		}
	}
}
