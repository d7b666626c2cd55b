// The design system's two promises, checked over the source: colours come only from the tokens in
// app.css (no stock palette classes anywhere else), and every text colour meets WCAG AA on the
// backgrounds it is used on, in both themes.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = import.meta.dirname;
const css = readFileSync(join(src, 'app.css'), 'utf8');

function* sourceFiles(dir: string): Generator<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* sourceFiles(path);
		else if (/\.(svelte|ts|js|css|html)$/.test(entry.name) && !entry.name.endsWith('.spec.ts'))
			yield path;
	}
}

const palette =
	'slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose';
const rawPaletteClass = new RegExp(
	`(?<![\\w-])(?:[a-z]+:)*(?:bg|text|border|ring|ring-offset|outline|fill|stroke|from|via|to|divide|placeholder|decoration|accent|caret|shadow|inset-shadow)-(?:(?:${palette})-\\d{2,3}|white|black)(?:/\\d+)?(?![\\w-])`,
	'g'
);

describe('colours in the source', () => {
	it('come from the design tokens only: no raw palette class outside app.css', () => {
		const offenders = [...sourceFiles(src)]
			.filter((file) => !file.endsWith('app.css'))
			.flatMap((file) =>
				[...readFileSync(file, 'utf8').matchAll(rawPaletteClass)].map(
					(match) => `${relative(src, file)}: ${match[0]}`
				)
			);
		expect(offenders).toEqual([]);
	});

	it('the check itself catches palette classes', () => {
		const sample =
			'class="bg-slate-50 hover:text-indigo-700 ring-red-500/40 text-white bg-surface"';
		expect(sample.match(rawPaletteClass)).toEqual([
			'bg-slate-50',
			'hover:text-indigo-700',
			'ring-red-500/40',
			'text-white'
		]);
	});
});

/** The custom properties a rule block (`:root { … }` or `.dark { … }`) sets. */
function variables(selector: string): Map<string, string> {
	const start = css.indexOf(`${selector} {`);
	const block = css.slice(start, css.indexOf('\n}', start));
	return new Map([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6});/gi)].map((m) => [m[1], m[2]]));
}

const luminance = (hex: string) => {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
};

// Text colour → the backgrounds it is written on.
const surfaces = ['canvas', 'surface', 'surface-raised', 'surface-muted', 'surface-hover'];
const pairs: [string, string[]][] = [
	['text', [...surfaces, 'sidebar', 'sidebar-active', 'note-soft', 'accent-soft']],
	['text-muted', [...surfaces, 'sidebar', 'sidebar-hover', 'sidebar-active']],
	['text-subtle', [...surfaces, 'sidebar']],
	['accent-text', ['surface', 'surface-raised', 'canvas', 'sidebar-active']],
	['accent-fg', ['accent', 'accent-hover']],
	['accent-soft-text', ['accent-soft']],
	['danger-fg', ['danger', 'danger-hover']],
	['danger-text', ['danger-soft', 'surface']],
	['warning-text', ['warning-soft']],
	['success-text', ['success-soft']],
	['info-text', ['info-soft']],
	['note-text', ['note-soft']],
	['status-open-text', ['status-open-soft']],
	['status-pending-text', ['status-pending-soft']],
	['status-on-hold-text', ['status-on-hold-soft']],
	['status-solved-text', ['status-solved-soft']],
	['status-closed-text', ['status-closed-soft']],
	...(['low', 'normal', 'high', 'urgent'] as const).map((level): [string, string[]] => [
		`priority-${level}`,
		['surface', 'surface-hover']
	]),
	...[1, 2, 3, 4, 5, 6].map((hue): [string, string[]] => [`avatar-${hue}-text`, [`avatar-${hue}`]])
];

describe.each([':root', '.dark'])('the %s theme', (theme) => {
	const values = variables(theme);

	it('defines every token the other theme does', () => {
		expect([...values.keys()].sort()).toEqual(
			[...variables(theme === ':root' ? '.dark' : ':root').keys()].sort()
		);
	});

	it('meets WCAG AA (4.5:1) for every text colour on its backgrounds', () => {
		const failures = pairs.flatMap(([text, backgrounds]) =>
			backgrounds.flatMap((background) => {
				const ratio = contrast(values.get(text)!, values.get(background)!);
				return ratio < 4.5 ? [`${text} on ${background}: ${ratio.toFixed(2)}`] : [];
			})
		);
		expect(failures).toEqual([]);
	});
});
