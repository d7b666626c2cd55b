import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './select.harness.svelte';

describe('Select (through SelectField)', () => {
	it('is named by its label and shows the chosen option', async () => {
		render(Harness, { onsubmit: vi.fn() });
		const trigger = page.getByRole('combobox', { name: 'Status' });
		await expect.element(trigger).toHaveTextContent('Open');
	});

	it('opens from the keyboard, moves with the arrows and picks with Enter', async () => {
		render(Harness, { onsubmit: vi.fn() });
		await userEvent.tab();
		await expect.element(page.getByRole('combobox', { name: 'Status' })).toHaveFocus();
		await userEvent.keyboard('{ArrowDown}');
		await expect.element(page.getByRole('listbox')).toBeVisible();
		await userEvent.keyboard('{ArrowDown}{Enter}');
		await expect.element(page.getByRole('listbox')).not.toBeInTheDocument();
		await expect.element(page.getByText('Chosen: pending')).toBeVisible();
		await expect.element(page.getByRole('combobox', { name: 'Status' })).toHaveFocus();
	});

	it('closes on Escape without changing the value', async () => {
		render(Harness, { onsubmit: vi.fn() });
		await userEvent.click(page.getByRole('combobox', { name: 'Status' }));
		await expect.element(page.getByRole('listbox')).toBeVisible();
		await userEvent.keyboard('{Escape}');
		await expect.element(page.getByRole('listbox')).not.toBeInTheDocument();
		await expect.element(page.getByText('Chosen: open')).toBeVisible();
	});

	it('submits its value with the form under its name', async () => {
		const onsubmit = vi.fn();
		render(Harness, { onsubmit });
		await userEvent.click(page.getByRole('combobox', { name: 'Status' }));
		await userEvent.click(page.getByRole('option', { name: 'Solved' }));
		await userEvent.click(page.getByRole('button', { name: 'Save' }));
		expect(onsubmit).toHaveBeenCalledOnce();
		expect((onsubmit.mock.calls[0][0] as FormData).get('status')).toBe('solved');
	});
});

describe('Deferred SelectField, once mounted', () => {
	it('is the usual select: named by its label, picks from the keyboard, submits its value', async () => {
		const onsubmit = vi.fn();
		render(Harness, { onsubmit, deferred: true });
		const trigger = page.getByRole('combobox', { name: 'Status' });
		await expect.element(trigger).toHaveTextContent('Open');
		await userEvent.click(trigger);
		await expect.element(page.getByRole('listbox')).toBeVisible();
		await userEvent.keyboard('{ArrowDown}{Enter}');
		await expect.element(page.getByText('Chosen: pending')).toBeVisible();
		await expect.element(trigger).toHaveFocus();
		await userEvent.click(page.getByRole('button', { name: 'Save' }));
		expect((onsubmit.mock.calls[0][0] as FormData).getAll('status')).toEqual(['pending']);
	});
});
