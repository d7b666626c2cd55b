// patches/@lucide+svelte+*.patch rebuilds the <svg>'s attributes of every lucide icon without
// buildLucideIconNode: the markup must stay what the unpatched Icon.svelte rendered (the expected
// strings are its output, attribute by attribute and in order).
import Merge from '@lucide/svelte/icons/merge';
import Paperclip from '@lucide/svelte/icons/paperclip';
import { createRawSnippet, type Component } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any icon's props
const markup = (icon: Component<any>, props: Record<string, unknown>) =>
	render(icon, { props }).body.replace(/<!--[^]*?-->/g, '');

const svg = (attributes: string, paths: string) =>
	`<svg xmlns="http://www.w3.org/2000/svg" ${attributes}>${paths}</svg>`;
const mergePaths =
	'<path d="m8 6 4-4 4 4"></path><path d="M12 2v10.3a4 4 0 0 1-1.172 2.872L4 22"></path><path d="m20 22-5-5"></path>';
const clipPath =
	'd="m16 6-8.414 8.586a2 2 0 0 0 2.829 2.829l8.414-8.586a4 4 0 1 0-5.657-5.657l-8.379 8.551a6 6 0 1 0 8.485 8.485l8.379-8.551"';
const rest = 'fill="none" stroke="currentColor"';
const caps = 'stroke-linecap="round" stroke-linejoin="round"';

describe('a lucide icon on the server (patched Icon.svelte)', () => {
	it('decorative by default, with its classes and the given ones', () => {
		expect(markup(Merge, { class: 'size-4' })).toBe(
			svg(
				`width="24" height="24" viewBox="0 0 24 24" ${rest} stroke-width="2" ${caps} class="lucide lucide-merge lucide-icon size-4" aria-hidden="true"`,
				mergePaths
			)
		);
	});

	it('size, stroke width and colour; a label leaves it to assistive technology', () => {
		expect(markup(Merge, { size: 16, strokeWidth: 1.5, color: 'red', 'aria-label': 'Merge' })).toBe(
			svg(
				`width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="red" stroke-width="1.5" ${caps} class="lucide lucide-merge lucide-icon" aria-label="Merge"`,
				mergePaths
			)
		);
	});

	it('an absolute stroke width is scaled to the drawn size', () => {
		expect(markup(Paperclip, { absoluteStrokeWidth: true, size: 12 })).toBe(
			svg(
				`width="12" height="12" viewBox="0 0 24 24" ${rest} stroke-width="4" ${caps} class="lucide lucide-paperclip lucide-icon" aria-hidden="true"`,
				`<path ${clipPath}></path>`
			)
		);
	});

	it('non-scaling strokes, a width alone and other attributes last', () => {
		expect(markup(Paperclip, { nonScalingStroke: true, 'data-x': '1', width: 20 })).toBe(
			svg(
				`width="20" height="24" viewBox="0 0 24 24" ${rest} stroke-width="2" ${caps} class="lucide lucide-paperclip lucide-icon" aria-hidden="true" data-x="1"`,
				`<path vector-effect="non-scaling-stroke" ${clipPath}></path>`
			)
		);
	});

	it('children (a title) make it no longer hidden', () => {
		const children = createRawSnippet(() => ({ render: () => '<title>Merge</title>' }));
		expect(markup(Merge, { children })).toBe(
			svg(
				`width="24" height="24" viewBox="0 0 24 24" ${rest} stroke-width="2" ${caps} class="lucide lucide-merge lucide-icon"`,
				`${mergePaths}<title>Merge</title>`
			)
		);
	});
});
