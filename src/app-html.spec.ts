// app.html carries mode-watcher's start-up script (it sets the theme before the first paint) as text,
// rather than a hook putting it in each response: that meant searching and copying the whole page
// string (~140 KB on a busy ticket) once more per render. This keeps the text mode-watcher's own.
import { readFileSync } from 'node:fs';
import { createInitialModeExpression } from 'mode-watcher';
import { describe, expect, it } from 'vitest';

const appHtml = readFileSync(new URL('./app.html', import.meta.url), 'utf8');

describe('app.html', () => {
	it("holds mode-watcher's start-up script verbatim, in the nonce'd head script", () => {
		const script = /<script nonce="%sveltekit\.nonce%">([\s\S]*?)<\/script>/.exec(appHtml)?.[1];
		expect(script?.trim()).toBe(createInitialModeExpression({ defaultMode: 'system' }).trim());
	});
});
