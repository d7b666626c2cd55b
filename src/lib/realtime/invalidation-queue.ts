// Reloads requested by the store, held while SvelteKit navigates: an `invalidate()` during a
// navigation cancels it, so a change arriving as someone clicks a link would strand them. Requests
// made in the same tick, or during a navigation, are merged into one reload per dependency.
export class InvalidationQueue {
	readonly #invalidate: (dependency: string) => unknown;
	readonly #navigating: () => boolean;
	readonly #pending = new Set<string>();
	#scheduled = false;

	constructor(invalidate: (dependency: string) => unknown, navigating: () => boolean) {
		this.#invalidate = invalidate;
		this.#navigating = navigating;
	}

	request = (dependency: string): void => {
		this.#pending.add(dependency);
		if (this.#scheduled) return;
		this.#scheduled = true;
		queueMicrotask(() => {
			this.#scheduled = false;
			this.flush();
		});
	};

	/** Runs what is pending, unless a navigation is under way (call again when it ends). */
	flush(): void {
		if (this.#navigating() || this.#pending.size === 0) return;
		const dependencies = [...this.#pending];
		this.#pending.clear();
		for (const dependency of dependencies) void this.#invalidate(dependency);
	}
}
