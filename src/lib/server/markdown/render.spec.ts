import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from './render';

/** The rendered HTML as the browser will build it. */
const parse = (html: string) => JSDOM.fragment(`<div>${html}</div>`).firstElementChild!;
const handlers = (root: Element) =>
	[root, ...root.querySelectorAll('*')].flatMap((element) =>
		[...element.attributes].filter((attribute) => /^on/i.test(attribute.name))
	);

const storage = 'https://project.supabase.co/storage/v1/object/';
const render = createMarkdownRenderer({ imagePrefix: storage });

describe('ticket text as Markdown', () => {
	it('renders emphasis, lists, code and line breaks', () => {
		const html = render('**Printer** is _down_\nsince `9:00`\n\n- one\n- two');
		expect(html).toContain('<strong>Printer</strong>');
		expect(html).toContain('<em>down</em><br>');
		expect(html).toContain('<code>9:00</code>');
		expect(html).toContain('<li>one</li>');
	});

	it('shows raw HTML as text instead of rendering it', () => {
		const html = render('Hello <b>there</b>\n\n<div class="x">block</div>');
		expect(html).toContain('&lt;b&gt;there&lt;/b&gt;');
		expect(html).toContain('&lt;div class="x"&gt;block&lt;/div&gt;');
		expect(html).not.toMatch(/<b>|<div/);
	});

	it('never lets a script through', () => {
		for (const text of ['<script>alert(1)</script>', '<p><script>alert(1)</script></p>x']) {
			const html = render(text);
			expect(html).not.toMatch(/<script/i);
			expect(parse(html).querySelectorAll('script')).toHaveLength(0);
		}
	});

	it('leaves no event handler on any element', () => {
		const root = parse(
			render(
				`![x](${storage}a.png "t")\n\n<img src="${storage}a.png" onerror="alert(1)">\n\n` +
					'[a](https://x.test "t\\" onmouseover=\\"alert(1)") <svg onload=alert(1)>'
			)
		);
		expect(handlers(root)).toEqual([]);
		expect(root.querySelector('img')?.getAttribute('src')).toBe(`${storage}a.png`);
	});

	it('drops javascript: and data: links but keeps their text', () => {
		const html = render(
			'[click](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)'
		);
		const links = [...parse(html).querySelectorAll('a')].map((a) => a.getAttribute('href'));
		expect(links.filter((href) => href && /^(javascript|data):/i.test(href))).toEqual([]);
		expect(html).not.toMatch(/href="(javascript|data):/i);
		expect(html).toContain('click');
	});

	it('never renders frames', () => {
		const html = render('<iframe src="https://evil.example"></iframe>\n\ntext');
		expect(html).not.toMatch(/<iframe/i);
		expect(parse(html).querySelectorAll('iframe, frame, object, embed')).toHaveLength(0);
	});

	it('opens links in a new tab without passing the page or credit on', () => {
		const html = render('See https://example.com/docs and [ours](/client)');
		expect(html).toContain(
			'<a href="https://example.com/docs" rel="noopener noreferrer nofollow" target="_blank">'
		);
		expect(html).toContain('<a href="/client" rel="noopener noreferrer nofollow" target="_blank">');
	});

	it('keeps images from our storage only', () => {
		const html = render(
			`![ours](${storage}tickets/1/a.png) ![theirs](https://tracker.example/p.gif)`
		);
		expect(html).toContain(`src="${storage}tickets/1/a.png"`);
		expect(html).not.toContain('tracker.example');
	});

	it('puts headings below the page’s own', () => {
		expect(render('# Big')).toBe('<h3>Big</h3>\n');
	});
});

describe('knowledge base articles as Markdown', () => {
	const article = createMarkdownRenderer({
		imagePrefix: storage,
		headingLevel: (depth) => depth,
		siteLinksInPlace: true
	});

	it('keeps headings below the article’s title: # and ## are sections, deeper ones stay', () => {
		expect(article('# Steps\n\n## Details\n\n### More')).toBe(
			'<h2>Steps</h2>\n<h2>Details</h2>\n<h3>More</h3>\n'
		);
	});

	it('removes scripts and frames, whatever the Markdown hides them in', () => {
		const root = parse(
			article(
				'<script>alert(1)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n' +
					'[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n```html\n<script>in code</script>\n```'
			)
		);
		expect(root.querySelectorAll('script, iframe, frame, object, embed')).toHaveLength(0);
		expect(handlers(root)).toEqual([]);
		expect(root.querySelector('a')?.getAttribute('href')).toBeNull();
		expect(root.querySelector('pre code')?.textContent).toBe('<script>in code</script>\n');
	});

	it('keeps links to other articles in the same tab, sends the rest to a new one', () => {
		const root = parse(article('[reset](/help/articles/reset) and [docs](https://example.com)'));
		const [local, external] = root.querySelectorAll('a');
		expect(local.getAttribute('href')).toBe('/help/articles/reset');
		expect(local.hasAttribute('target')).toBe(false);
		expect(external.getAttribute('target')).toBe('_blank');
	});

	it('keeps images uploaded to the kb bucket', () => {
		const html = article(`![diagram](${storage}public/kb/articles/a.png)`);
		expect(html).toContain(`src="${storage}public/kb/articles/a.png"`);
	});
});

describe('empty text', () => {
	it('renders to nothing, again and again (the editor previews an empty article)', () => {
		expect(render('')).toBe('');
		expect(render('')).toBe('');
	});
});
