import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './sonner.harness.svelte';

describe('Toaster', () => {
	it('shows a success and an error toast in a live region', async () => {
		render(Harness);
		await userEvent.click(page.getByRole('button', { name: 'Save' }));
		await expect.element(page.getByText('Ticket #42 updated')).toBeVisible();
		await userEvent.click(page.getByRole('button', { name: 'Fail' }));
		await expect.element(page.getByText('Could not update this ticket.')).toBeVisible();
		const region = page.getByRole('region', { name: /Notifications/ });
		await expect.element(region).toHaveAttribute('aria-live', 'polite');
	});
});
