import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import DeferredHarness from './deferred-popover.harness.svelte';
import Harness from './popover.harness.svelte';

describe('Popover', () => {
	it('opens from its trigger with attributes passed through, and closes on Escape', async () => {
		render(Harness);
		const trigger = page.getByRole('button', { name: 'Filters' });
		await userEvent.click(trigger);
		await expect.element(trigger).toHaveAttribute('aria-expanded', 'true');
		const content = page.getByTestId('content');
		await expect.element(content).toBeVisible();
		await expect.element(content).toHaveClass('extra');
		await userEvent.keyboard('{Escape}');
		await expect.element(content).not.toBeInTheDocument();
		await expect.element(trigger).toHaveFocus();
	});

	it('closes from its Close button', async () => {
		render(Harness);
		await userEvent.click(page.getByRole('button', { name: 'Filters' }));
		await userEvent.click(page.getByRole('button', { name: 'Done' }));
		await expect.element(page.getByTestId('content')).not.toBeInTheDocument();
	});
});

describe('Deferred popover', () => {
	it('opens from its trigger once mounted, and closes on Escape', async () => {
		render(DeferredHarness);
		const trigger = page.getByRole('button', { name: 'Status' });
		await expect.element(trigger).toHaveAttribute('data-state', 'closed');
		await expect.element(trigger).toHaveClass('trigger');
		await userEvent.click(trigger);
		await expect.element(trigger).toHaveAttribute('aria-expanded', 'true');
		await expect.element(page.getByTestId('content')).toBeVisible();
		await userEvent.keyboard('{Escape}');
		await expect.element(page.getByTestId('content')).not.toBeInTheDocument();
		await expect.element(trigger).toHaveFocus();
	});

	it('shares its open state with its owner, which can close it', async () => {
		render(DeferredHarness);
		await userEvent.click(page.getByRole('button', { name: 'Status' }));
		await expect.element(page.getByTestId('open')).toHaveTextContent('open');
		await userEvent.click(page.getByRole('button', { name: 'Done' }));
		await expect.element(page.getByTestId('content')).not.toBeInTheDocument();
		await expect.element(page.getByTestId('open')).toHaveTextContent('closed');
	});
});
