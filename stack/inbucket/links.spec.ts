import { describe, expect, it } from 'vitest';
import { linksIn } from './links';

describe('the links of a message', () => {
	it('are the HTML part’s hrefs, decoded, then the text part’s addresses, each once', () => {
		const html = `<p><a href="http://app.test/t/1?a=1&amp;b=2">Open</a> <a href='mailto:x@y.test'>x</a>
			<a class="c" href=http://app.test/plain>p</a> <a href="javascript:alert(1)">no</a></p>`;
		const text = 'See http://app.test/t/1?a=1&b=2, or https://docs.test/help.';
		expect(linksIn(html, text)).toEqual([
			'http://app.test/t/1?a=1&b=2',
			'mailto:x@y.test',
			'http://app.test/plain',
			'https://docs.test/help'
		]);
	});

	it('are none for a message without parts', () => {
		expect(linksIn(null, null)).toEqual([]);
	});
});
