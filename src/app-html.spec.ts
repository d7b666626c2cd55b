// app.html carries mode-watcher's start-up script (it sets the theme before the first paint) as text,
// rather than a hook putting it in each response: that meant searching and copying the whole page
// string (~140 KB on a busy ticket) once more per render. This keeps it doing what mode-watcher's
// own does (its text depends on how mode-watcher was bundled, so the two are run, not compared).
import { readFileSync } from 'node:fs';
import { createInitialModeExpression } from 'mode-watcher';
import { describe, expect, it } from 'vitest';

const appHtml = readFileSync(new URL('./app.html', import.meta.url), 'utf8');
const ours = /<script nonce="%sveltekit\.nonce%">([\s\S]*?)<\/script>/.exec(appHtml)?.[1] ?? '';
const theirs = createInitialModeExpression({ defaultMode: 'system' });

/** What `script` leaves behind in a page with `stored` mode and the system preferring light or not. */
function run(script: string, stored: string | null, prefersLight: boolean) {
	const classes = new Set<string>(['dark', 'other']);
	const storage = new Map<string, string>(stored ? [['mode-watcher-mode', stored]] : []);
	const root = {
		classList: {
			add: (...names: string[]) => names.forEach((name) => classes.add(name)),
			remove: (...names: string[]) => names.forEach((name) => classes.delete(name))
		},
		style: { colorScheme: '' },
		setAttribute: () => {}
	};
	new Function('document', 'localStorage', 'window', script)(
		{ documentElement: root, querySelector: () => null },
		{
			getItem: (key: string) => storage.get(key) ?? null,
			setItem: (key: string, value: string) => storage.set(key, value)
		},
		{ matchMedia: () => ({ matches: prefersLight }) }
	);
	return { classes: [...classes].sort(), scheme: root.style.colorScheme, storage: [...storage] };
}

describe('app.html', () => {
	it('has a head script with the nonce', () => {
		expect(ours).toContain('setInitialMode');
	});

	for (const stored of [null, 'light', 'dark', 'system'])
		for (const prefersLight of [true, false])
			it(`sets the theme as mode-watcher does: stored ${stored}, system light ${prefersLight}`, () => {
				expect(run(ours, stored, prefersLight)).toEqual(run(theirs, stored, prefersLight));
			});
});
