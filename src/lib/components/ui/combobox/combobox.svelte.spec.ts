import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './combobox.harness.svelte';

describe('Combobox', () => {
	it('is a text field named by its label, with a named button that opens the list', async () => {
		render(Harness, { onsubmit: vi.fn() });
		const input = page.getByRole('combobox', { name: 'Assignee' });
		await expect.element(input).toBeVisible();
		await expect.element(input).toHaveAttribute('data-testid', 'assignee-input');
		await userEvent.click(page.getByRole('button', { name: 'Show people' }));
		await expect.element(page.getByRole('option', { name: 'Dana Whitfield' })).toBeVisible();
		expect(page.getByRole('option').elements()).toHaveLength(3);
	});

	it('filters the options as the person types, and says when nothing matches', async () => {
		render(Harness, { onsubmit: vi.fn() });
		await userEvent.click(page.getByRole('combobox', { name: 'Assignee' }));
		await userEvent.keyboard('sa');
		await expect.element(page.getByRole('option', { name: 'Sam Support' })).toBeVisible();
		await expect.element(page.getByRole('option', { name: 'Alex Agent' })).not.toBeInTheDocument();
		await userEvent.keyboard('xyz');
		await expect.element(page.getByText('Nobody matches')).toBeVisible();
		await expect.element(page.getByRole('option')).not.toBeInTheDocument();
	});

	it('moves with the arrows and picks with Enter, keeping focus in the field', async () => {
		render(Harness, { onsubmit: vi.fn() });
		await userEvent.tab();
		const input = page.getByRole('combobox', { name: 'Assignee' });
		await expect.element(input).toHaveFocus();
		await userEvent.keyboard('{ArrowDown}');
		await expect.element(page.getByRole('listbox')).toBeVisible();
		await userEvent.keyboard('{ArrowDown}{Enter}');
		await expect.element(page.getByRole('listbox')).not.toBeInTheDocument();
		await expect.element(page.getByText('Chosen: sam')).toBeVisible();
		await expect.element(input).toHaveFocus();
	});

	it('closes on Escape without choosing', async () => {
		render(Harness, { onsubmit: vi.fn() });
		await userEvent.click(page.getByRole('combobox', { name: 'Assignee' }));
		await userEvent.keyboard('{ArrowDown}');
		await expect.element(page.getByRole('listbox')).toBeVisible();
		await userEvent.keyboard('{Escape}');
		await expect.element(page.getByRole('listbox')).not.toBeInTheDocument();
		await expect.element(page.getByText('Chosen: nobody')).toBeVisible();
	});

	it('submits the chosen value with the form under its name', async () => {
		const onsubmit = vi.fn();
		render(Harness, { onsubmit });
		await userEvent.click(page.getByRole('combobox', { name: 'Assignee' }));
		await userEvent.keyboard('dana');
		await userEvent.click(page.getByRole('option', { name: 'Dana Whitfield' }));
		await userEvent.click(page.getByRole('button', { name: 'Save' }));
		expect(onsubmit).toHaveBeenCalledOnce();
		expect((onsubmit.mock.calls[0][0] as FormData).get('assignee')).toBe('dana');
	});
});
