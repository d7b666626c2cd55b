import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { focused } from '../test-support';
import Harness from './dialog.harness.svelte';

describe('Dialog', () => {
	it('opens from its trigger, named by its title and described', async () => {
		render(Harness);
		await userEvent.click(page.getByRole('button', { name: 'Rename' }));
		const dialog = page.getByRole('dialog', { name: 'Rename the view' });
		await expect.element(dialog).toBeVisible();
		await expect.element(dialog).toHaveAccessibleDescription('Names are shown in the sidebar.');
		await expect.element(page.getByTestId('content')).toHaveClass('extra');
	});

	it('traps focus inside while open', async () => {
		render(Harness);
		await userEvent.click(page.getByRole('button', { name: 'Rename' }));
		const dialog = page.getByRole('dialog', { name: 'Rename the view' });
		await expect.element(dialog).toBeVisible();
		// Name, Save, Close, then around again: never the page behind.
		for (let i = 0; i < 6; i++) {
			await userEvent.tab();
			expect(dialog.element().contains(focused())).toBe(true);
		}
		await userEvent.tab({ shift: true });
		expect(dialog.element().contains(focused())).toBe(true);
	});

	it('closes on Escape and gives focus back to its trigger', async () => {
		render(Harness);
		const trigger = page.getByRole('button', { name: 'Rename' });
		await userEvent.click(trigger);
		await expect.element(page.getByRole('dialog')).toBeVisible();
		await userEvent.keyboard('{Escape}');
		await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
		await expect.element(trigger).toHaveFocus();
		await expect.element(page.getByText('Open: false')).toBeVisible();
	});

	it('closes from its Close button', async () => {
		render(Harness);
		await userEvent.click(page.getByRole('button', { name: 'Rename' }));
		await userEvent.click(page.getByRole('button', { name: 'Close' }));
		await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
	});
});

describe('Sheet', () => {
	it('slides in from the side it is given, traps focus and closes on Escape', async () => {
		render(Harness, { kind: 'sheet' });
		const trigger = page.getByRole('button', { name: 'Menu' });
		await userEvent.click(trigger);
		const sheet = page.getByRole('dialog', { name: 'Navigation' });
		await expect.element(sheet).toBeVisible();
		// Once it has slid in, it sits against the right edge.
		await expect
			.poll(() => Math.round(sheet.element().getBoundingClientRect().right))
			.toBe(window.innerWidth);
		for (let i = 0; i < 4; i++) {
			await userEvent.tab();
			expect(sheet.element().contains(focused())).toBe(true);
		}
		await userEvent.keyboard('{Escape}');
		await expect.element(sheet).not.toBeInTheDocument();
		await expect.element(trigger).toHaveFocus();
	});
});

describe('Deferred dialog, once mounted', () => {
	it('opens from its trigger, shares its open state, and closes on Escape back to the trigger', async () => {
		render(Harness, { kind: 'deferred' });
		const trigger = page.getByRole('button', { name: 'Rename' });
		await expect.element(trigger).toHaveAttribute('data-state', 'closed');
		await expect.element(trigger).toHaveClass('trigger');
		await userEvent.click(trigger);
		await expect.element(page.getByRole('dialog', { name: 'Rename the view' })).toBeVisible();
		await expect.element(page.getByText('Open: true')).toBeVisible();
		await userEvent.keyboard('{Escape}');
		await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
		await expect.element(trigger).toHaveFocus();
	});
});
