import { expect, test } from '@playwright/test';

test('the home page names the product', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('AutoCRM');
});
