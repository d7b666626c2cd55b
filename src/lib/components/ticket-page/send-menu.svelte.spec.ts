import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import SendMenu from './send-menu.svelte';

describe('SendMenu (once mounted)', () => {
	it('opens from the keyboard and sends with the status picked', async () => {
		const onsend = vi.fn();
		render(SendMenu, {
			note: true,
			disabled: false,
			statuses: [
				{ status: 'open', label: 'Open' },
				{ status: 'pending', label: 'Pending' }
			],
			onsend
		});
		const trigger = page.getByRole('button', { name: 'Send and set status' });
		await expect.element(trigger).toHaveAttribute('aria-haspopup', 'menu');
		await userEvent.tab();
		await expect.element(trigger).toHaveFocus();
		await userEvent.keyboard('{Enter}');
		await expect
			.element(page.getByRole('menuitem', { name: 'Add note and set Pending' }))
			.toBeVisible();
		await userEvent.keyboard('{ArrowDown}{Enter}');
		await expect.element(page.getByRole('menu')).not.toBeInTheDocument();
		expect(onsend).toHaveBeenCalledExactlyOnceWith('pending');
	});

	it('cannot be opened while disabled', async () => {
		render(SendMenu, {
			note: false,
			disabled: true,
			statuses: [{ status: 'open', label: 'Open' }],
			onsend: vi.fn()
		});
		await expect.element(page.getByRole('button', { name: 'Send and set status' })).toBeDisabled();
	});
});
