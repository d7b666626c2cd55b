import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { attributesOf } from '$lib/components/ui/test-support';
import Harness from './send-menu.harness.svelte';

const triggersOf = (deferred: boolean, disabled: boolean) =>
	attributesOf(
		render(Harness, { props: { deferred, disabled } }).body,
		'button',
		'aria-label="Send and set status"'
	).map(({ id: _id, ...attributes }) => attributes);

describe('SendMenu on the server', () => {
	for (const disabled of [false, true]) {
		it(`draws the closed menu's trigger as bits-ui does${disabled ? ', disabled' : ''}`, () => {
			const [plain] = triggersOf(true, disabled);
			expect(plain).toMatchObject({ 'aria-haspopup': 'menu', 'data-state': 'closed' });
			expect(plain).toEqual(triggersOf(false, disabled)[0]);
		});
	}
});
