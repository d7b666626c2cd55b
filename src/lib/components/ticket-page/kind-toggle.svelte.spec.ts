import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import KindToggle from './kind-toggle.svelte';

describe('KindToggle (once mounted)', () => {
	it('is a group of two radios; clicking or the arrow keys and Space switch the kind', async () => {
		const onchange = vi.fn();
		render(KindToggle, { value: 'reply', onchange });
		await expect.element(page.getByRole('group', { name: 'Message type' })).toBeVisible();
		const reply = page.getByRole('radio', { name: 'Reply' });
		await expect.element(reply).toHaveAttribute('aria-checked', 'true');
		await userEvent.click(page.getByRole('radio', { name: 'Internal note' }));
		expect(onchange).toHaveBeenLastCalledWith('note');
		await userEvent.keyboard('{ArrowLeft}');
		await expect.element(reply).toHaveFocus();
		await userEvent.keyboard(' ');
		expect(onchange).toHaveBeenLastCalledWith('reply');
	});
});
