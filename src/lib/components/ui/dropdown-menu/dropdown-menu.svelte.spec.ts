import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './dropdown-menu.harness.svelte';

describe('DropdownMenu', () => {
	it('opens from the keyboard, moves with the arrows and runs an item with Enter', async () => {
		const onpick = vi.fn();
		render(Harness, { onpick });
		await userEvent.tab();
		await userEvent.keyboard('{Enter}');
		const menu = page.getByRole('menu');
		await expect.element(menu).toBeVisible();
		await expect.element(page.getByTestId('menu')).toHaveClass('extra');
		await expect.element(page.getByRole('menuitemradio', { name: 'Comfortable' })).toHaveFocus();
		await userEvent.keyboard('{ArrowDown}{ArrowDown}');
		await expect.element(page.getByRole('menuitem', { name: 'Archive' })).toHaveFocus();
		await userEvent.keyboard('{Enter}');
		expect(onpick).toHaveBeenCalledWith('archive');
		await expect.element(menu).not.toBeInTheDocument();
		await expect.element(page.getByRole('button', { name: 'Options' })).toHaveFocus();
	});

	it('checks the chosen radio item', async () => {
		render(Harness, { onpick: vi.fn() });
		await userEvent.click(page.getByRole('button', { name: 'Options' }));
		await expect
			.element(page.getByRole('menuitemradio', { name: 'Comfortable' }))
			.toHaveAttribute('aria-checked', 'true');
		await userEvent.click(page.getByRole('menuitemradio', { name: 'Compact' }));
		await expect.element(page.getByText('Density: compact')).toBeVisible();
	});

	it('jumps to an item by typing its first letter, and closes on Escape', async () => {
		render(Harness, { onpick: vi.fn() });
		await userEvent.click(page.getByRole('button', { name: 'Options' }));
		await expect.element(page.getByRole('menu')).toBeVisible();
		await userEvent.keyboard('d');
		await expect.element(page.getByRole('menuitem', { name: 'Delete' })).toHaveFocus();
		await userEvent.keyboard('{Escape}');
		await expect.element(page.getByRole('menu')).not.toBeInTheDocument();
	});
});
