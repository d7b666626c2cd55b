import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './empty-state.harness.svelte';

describe('EmptyState', () => {
	it('says what is missing as a heading, why, and what to do next', async () => {
		render(Harness);
		await expect
			.element(page.getByRole('heading', { level: 2, name: 'Nothing waiting' }))
			.toBeVisible();
		await expect.element(page.getByText('Every ticket is solved.')).toBeVisible();
		await expect.element(page.getByRole('button', { name: 'File a ticket' })).toBeVisible();
		await expect.element(page.getByTestId('empty')).toHaveClass('mt-4');
	});
});
