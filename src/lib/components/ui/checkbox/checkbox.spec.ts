import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { attributesOf } from '../test-support';
import Checkbox from './checkbox.svelte';

const serverRender = (props: { deferred: boolean; checked?: boolean; disabled?: boolean }) =>
	render(Checkbox, { props: { id: 'box', ...props } }).body;

const boxOf = (body: string) => attributesOf(body, 'button', 'role="checkbox"');

describe('Checkbox on the server', () => {
	for (const state of [{}, { checked: true }, { disabled: true }]) {
		it(`deferred ${JSON.stringify(state)}: the plain button has bits-ui's role, state and look`, () => {
			const deferred = serverRender({ deferred: true, ...state });
			const full = serverRender({ deferred: false, ...state });
			expect(boxOf(deferred)).toHaveLength(1);
			expect(boxOf(deferred)).toEqual(boxOf(full));
			// The check mark is drawn when checked.
			expect(deferred.includes('lucide-check')).toBe(full.includes('lucide-check'));
		});
	}

	it('deferred and checked: says so, with the check mark', () => {
		const body = serverRender({ deferred: true, checked: true });
		expect(boxOf(body)[0]).toMatchObject({ 'aria-checked': 'true', 'data-state': 'checked' });
		expect(body).toContain('lucide-check');
	});
});
