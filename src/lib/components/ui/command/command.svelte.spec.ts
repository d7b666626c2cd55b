import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { focused } from '../test-support';
import Harness from './command.harness.svelte';

describe('Command', () => {
	it('filters as you type and runs the highlighted item with Enter', async () => {
		const onrun = vi.fn();
		render(Harness, { onrun });
		await expect.element(page.getByTestId('root')).toHaveClass('extra');
		await userEvent.click(page.getByPlaceholder('Type a command'));
		await userEvent.keyboard('repo');
		await expect.element(page.getByRole('option', { name: 'Reports' })).toBeVisible();
		await expect
			.element(page.getByRole('option', { name: 'Open tickets' }))
			.not.toBeInTheDocument();
		await userEvent.keyboard('{Enter}');
		expect(onrun).toHaveBeenCalledWith('reports');
	});

	it('moves through items with the arrow keys', async () => {
		const onrun = vi.fn();
		render(Harness, { onrun });
		await userEvent.click(page.getByPlaceholder('Type a command'));
		await expect
			.element(page.getByRole('option', { name: 'Open tickets' }))
			.toHaveAttribute('aria-selected', 'true');
		await userEvent.keyboard('{ArrowDown}{ArrowDown}{Enter}');
		expect(onrun).toHaveBeenCalledWith('sign-out');
	});

	it('says when nothing matches', async () => {
		render(Harness, { onrun: vi.fn() });
		await userEvent.click(page.getByPlaceholder('Type a command'));
		await userEvent.keyboard('zzz');
		await expect.element(page.getByText('Nothing matches.')).toBeVisible();
	});

	it('in a dialog: named by its title, focus on the search, trapped inside, Escape closes', async () => {
		render(Harness, { onrun: vi.fn(), dialog: true });
		await userEvent.click(page.getByRole('button', { name: 'Open palette' }));
		const dialog = page.getByRole('dialog', { name: 'Command palette' });
		await expect.element(dialog).toBeVisible();
		await expect.element(page.getByPlaceholder('Type a command')).toHaveFocus();
		await userEvent.tab();
		expect(dialog.element().contains(focused())).toBe(true);
		await userEvent.keyboard('{Escape}');
		await expect.element(dialog).not.toBeInTheDocument();
	});
});
