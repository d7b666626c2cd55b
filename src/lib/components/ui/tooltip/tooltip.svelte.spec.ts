import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './tooltip.harness.svelte';

describe('Tooltip', () => {
	it('shows on keyboard focus, describes its trigger, and hides on Escape', async () => {
		render(Harness);
		await userEvent.tab();
		const trigger = page.getByRole('button', { name: 'Views' });
		const tip = page.getByTestId('tip');
		await expect.element(tip).toHaveTextContent('Saved views');
		await expect.element(tip).toHaveClass('extra');
		await expect.element(trigger).toHaveAccessibleDescription('Saved views');
		await userEvent.keyboard('{Escape}');
		await expect.element(tip).not.toBeInTheDocument();
	});

	it('shows on hover', async () => {
		render(Harness);
		await userEvent.hover(page.getByRole('button', { name: 'Views' }));
		await expect.element(page.getByTestId('tip')).toHaveTextContent('Saved views');
	});
});
