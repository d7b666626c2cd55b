// A bounded memo for a pure text-to-HTML function: the ticket page renders the same messages on every
// load (its newest 40, each through the Markdown parser and the sanitiser, a large share of the
// page's server time), and a message's text never renders differently. Least recently used entries
// go first once the kept input and output pass `maxChars`.
export function memoizeText(
	render: (text: string) => string,
	maxChars: number
): (text: string) => string {
	const kept = new Map<string, string>();
	let size = 0;
	return (text) => {
		const hit = kept.get(text);
		if (hit !== undefined) {
			// Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
			kept.delete(text);
			kept.set(text, hit);
			return hit;
		}
		const html = render(text);
		const cost = text.length + html.length;
		if (cost > maxChars) return html;
		kept.set(text, html);
		size += cost;
		for (const [oldText, oldHtml] of kept) {
			if (size <= maxChars) break;
			kept.delete(oldText);
			size -= oldText.length + oldHtml.length;
		}
		return html;
	};
}
