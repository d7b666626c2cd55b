import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './card.harness.svelte';

describe('Card', () => {
	it('is a region named by its title, at the heading level asked for', async () => {
		render(Harness);
		await expect.element(page.getByRole('region', { name: 'Invite a teammate' })).toBeVisible();
		await expect
			.element(page.getByRole('heading', { level: 3, name: 'Invite a teammate' }))
			.toBeVisible();
		await expect.element(page.getByTestId('card')).toHaveClass('max-w-md');
	});
});
