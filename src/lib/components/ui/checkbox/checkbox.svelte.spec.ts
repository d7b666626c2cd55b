import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './checkbox.harness.svelte';

describe('Checkbox', () => {
	it('toggles with Space and reports its state', async () => {
		render(Harness, { onsubmit: vi.fn() });
		const box = page.getByRole('checkbox', { name: 'Email me about replies' });
		await expect.element(box).not.toBeChecked();
		await userEvent.tab();
		await userEvent.keyboard(' ');
		await expect.element(box).toBeChecked();
		await expect.element(page.getByText('Checked: true')).toBeVisible();
		await userEvent.keyboard(' ');
		await expect.element(box).not.toBeChecked();
	});

	it('submits "on" under its name only when checked, and passes attributes through', async () => {
		const onsubmit = vi.fn();
		render(Harness, { onsubmit });
		await expect.element(page.getByTestId('box')).toHaveClass('extra');
		await userEvent.click(page.getByRole('button', { name: 'Save' }));
		expect((onsubmit.mock.calls[0][0] as FormData).has('notify')).toBe(false);
		await userEvent.click(page.getByText('Email me about replies'));
		await userEvent.click(page.getByRole('button', { name: 'Save' }));
		expect((onsubmit.mock.calls[1][0] as FormData).get('notify')).toBe('on');
	});
});
