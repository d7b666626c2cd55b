// "Perhaps you meant …" suggestions: the closest name by edit distance, scored like PostgREST's fuzzy
// set rescoring (1 - distance / longer length), case-insensitively.

function levenshtein(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++)
			current[j] = Math.min(
				previous[j] + 1,
				current[j - 1] + 1,
				previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
			);
		previous = current;
	}
	return previous[b.length];
}

export const similarity = (a: string, b: string) => {
	const x = a.toLowerCase();
	const y = b.toLowerCase();
	const longest = Math.max(x.length, y.length);
	return longest === 0 ? 1 : 1 - levenshtein(x, y) / longest;
};

/** The candidate most like `word` scoring at least `minScore` (and below `maxScore`), if any. */
export function closest(
	word: string,
	candidates: Iterable<string>,
	minScore = 0.33,
	maxScore = Number.POSITIVE_INFINITY
): string | null {
	let best: string | null = null;
	let bestScore = -1;
	for (const candidate of candidates) {
		const score = similarity(word, candidate);
		if (score >= minScore && score < maxScore && score > bestScore) {
			best = candidate;
			bestScore = score;
		}
	}
	return best;
}
