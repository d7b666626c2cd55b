import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { attributesOf } from '$lib/components/ui/test-support';
import Harness from './kind-toggle.harness.svelte';

const withoutId = ({ id: _id, ...attributes }: Record<string, string>) => attributes;

function partsOf(deferred: boolean, value: 'reply' | 'note') {
	const body = render(Harness, { props: { deferred, value } }).body;
	return {
		body,
		group: attributesOf(body, 'div', 'data-toggle-group-root').map(withoutId),
		items: attributesOf(body, 'button', 'data-toggle-group-item').map(withoutId)
	};
}

describe('KindToggle on the server', () => {
	for (const value of ['reply', 'note'] as const) {
		it(`draws bits-ui's group and items, ${value} pressed, as plain markup`, () => {
			const plain = partsOf(true, value);
			const full = partsOf(false, value);
			expect(plain.group).toHaveLength(1);
			expect(plain.items.map((item) => [item['data-value'], item['aria-checked']])).toEqual([
				['reply', String(value === 'reply')],
				['note', String(value === 'note')]
			]);
			expect(plain.group).toEqual(full.group);
			expect(plain.items).toEqual(full.items);
			expect(plain.body).toContain('Internal note</button>');
		});
	}
});
