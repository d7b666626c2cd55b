// Ticket text (descriptions, replies, notes) and knowledge base articles as safe HTML. It is written as Markdown; raw HTML in it
// is shown as text, never rendered, and DOMPurify removes whatever else could run or leak: scripts,
// event handlers, javascript: links, frames, and images from anywhere but our own storage.
//
// Rendering happens on the server only (in the page loads, which realtime re-runs), so neither
// marked nor DOMPurify ships to the browser, and there is one sanitiser to trust. DOMPurify needs a
// DOM there: jsdom's (isomorphic-dompurify wraps the same, but needs Node 22).
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { LRUCache } from 'lru-cache';
import { Marked, type Tokens } from 'marked';

const escapeHtml = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!
	);

const allowedTags = [
	'p',
	'br',
	'strong',
	'em',
	'del',
	'code',
	'pre',
	'blockquote',
	'ul',
	'ol',
	'li',
	'a',
	'img',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'hr',
	'table',
	'thead',
	'tbody',
	'tr',
	'th',
	'td',
	'input'
];

export interface MarkdownOptions {
	/** Images are kept only when their URL starts with this (our Supabase storage). */
	imagePrefix: string;
	/**
	 * The HTML level of a Markdown heading of `depth` (1 for `#`). By default two below, so a
	 * message under the page's h1 and the conversation's h2 starts at h3.
	 */
	headingLevel?: (depth: number) => number;
	/** Links within the site open in the same tab (articles linking articles); others in a new one. */
	siteLinksInPlace?: boolean;
}

export type RenderMarkdown = (text: string) => string;

export function createMarkdownRenderer({
	imagePrefix,
	headingLevel = (depth) => depth + 2,
	siteLinksInPlace = false
}: MarkdownOptions): RenderMarkdown {
	const marked = new Marked({
		gfm: true,
		breaks: true,
		async: false,
		renderer: {
			html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
			heading({ tokens, depth }: Tokens.Heading) {
				const level = Math.min(Math.max(headingLevel(depth), 2), 6);
				return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
			}
		}
	});

	const purify = createDOMPurify(new JSDOM('').window);
	purify.addHook('afterSanitizeAttributes', (node) => {
		if (node.tagName === 'A') {
			if (siteLinksInPlace && /^[/#]/.test(node.getAttribute('href') ?? '')) return;
			node.setAttribute('rel', 'noopener noreferrer nofollow');
			node.setAttribute('target', '_blank');
		} else if (node.tagName === 'IMG' && !node.getAttribute('src')?.startsWith(imagePrefix)) {
			node.remove();
		} else if (node.tagName === 'INPUT' && node.getAttribute('type') !== 'checkbox') {
			node.remove();
		}
	});
	const config = {
		ALLOWED_TAGS: allowedTags,
		ALLOWED_ATTR: ['href', 'title', 'alt', 'src', 'start', 'type', 'checked', 'disabled'],
		ALLOW_DATA_ATTR: false,
		// Web and mail links, and links within the site; nothing else (no javascript:, no data:).
		ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/(?!\/)|#)/i
	};

	// Sanitising costs a DOM parse per text; a page load and every live reload of it render the same
	// messages again, so each text is rendered once and kept (up to about 8 MB of them).
	const rendered = new LRUCache<string, string>({
		maxSize: 8_000_000,
		sizeCalculation: (html, text) => html.length + text.length + 1
	});
	return (text) => {
		let html = rendered.get(text);
		if (html === undefined) {
			html = purify.sanitize(marked.parse(text) as string, config);
			rendered.set(text, html);
		}
		return html;
	};
}
