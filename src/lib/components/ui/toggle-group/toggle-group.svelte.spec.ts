import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './toggle-group.harness.svelte';

describe('ToggleGroup', () => {
	it('presses one item at a time, chosen with the arrow keys and Space', async () => {
		render(Harness);
		await expect.element(page.getByRole('group', { name: 'Layout' })).toHaveClass('extra');
		const list = page.getByRole('radio', { name: 'List' });
		await expect.element(list).toHaveAttribute('aria-checked', 'true');
		await userEvent.tab();
		await userEvent.keyboard('{ArrowRight}');
		await expect.element(page.getByRole('radio', { name: 'Board' })).toHaveFocus();
		await userEvent.keyboard(' ');
		await expect.element(page.getByText('Layout: board')).toBeVisible();
		await expect.element(list).toHaveAttribute('aria-checked', 'false');
	});
});
