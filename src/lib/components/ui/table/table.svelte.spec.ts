import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './table.harness.svelte';

describe('Table', () => {
	it('is a captioned table with column headers, attributes passed through', async () => {
		render(Harness);
		const table = page.getByRole('table', { name: 'Open tickets' });
		await expect.element(table).toBeVisible();
		await expect.element(page.getByRole('columnheader', { name: 'Status' })).toBeVisible();
		await expect.element(page.getByTestId('table')).toHaveClass('extra');
		await expect.element(page.getByTestId('row')).toBeVisible();
	});

	it('wraps a long unbroken cell instead of growing past its container', async () => {
		render(Harness);
		expect(page.getByTestId('table').element().getBoundingClientRect().width).toBeLessThanOrEqual(
			320
		);
	});
});
