/** The p-th percentile (0–100) of some samples, by nearest rank. */
export function percentile(samples: number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Milliseconds since `start` (from performance.now()). */
export const since = (start: number) => performance.now() - start;
