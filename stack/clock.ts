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
