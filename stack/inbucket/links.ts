// The links a message carries, as a reader would follow them: every href of its HTML part (entities
// decoded), then the web addresses in its text part, each once and in order.

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decodeEntities = (text: string) =>
	text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
		if (name[0] === '#') {
			const code =
				name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
			return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
		}
		return entities[name.toLowerCase()] ?? whole;
	});

const hrefs = /<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const bareUrls = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;

export function linksIn(html: string | null, text: string | null): string[] {
	const found = new Set<string>();
	for (const match of (html ?? '').matchAll(hrefs)) {
		const link = decodeEntities((match[2] ?? match[3] ?? match[4] ?? '').trim());
		if (/^(https?|mailto):/i.test(link)) found.add(link);
	}
	for (const match of (text ?? '').matchAll(bareUrls)) found.add(match[0]);
	return [...found];
}
