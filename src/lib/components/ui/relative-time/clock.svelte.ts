// The current time for relative times, ticking while any is on screen: one timer for all of them,
// started by the first reader and stopped when the last one goes. It holds no per-user state, so one
// instance is safe to share (on the server it never ticks).
import { createSubscriber } from 'svelte/reactivity';

export class Clock {
	#subscribe: () => void;

	constructor(intervalMs: number) {
		this.#subscribe = createSubscriber((update) => {
			const timer = setInterval(update, intervalMs);
			return () => clearInterval(timer);
		});
	}

	/** Milliseconds since the epoch; reading it inside an effect re-runs the effect on every tick. */
	get current(): number {
		this.#subscribe();
		return Date.now();
	}
}

export const clock = new Clock(30_000);
