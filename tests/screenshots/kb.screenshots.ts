// Screenshots of the help center and the agent's knowledge base in both themes, wide (1440 px) and
// narrow (390 px), written to docs/screenshots/kb/ for review.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { demo, signIn } from '../e2e/support/accounts';

const folder = join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'kb');
mkdirSync(folder, { recursive: true });

const themes = ['light', 'dark'] as const;
const widths = [1440, 390] as const;

async function shoot(page: Page, name: string, width: number, theme: string) {
	await page.evaluate(() => document.fonts.ready);
	const suffix = `${width < 500 ? '-390' : ''}-${theme}`;
	await page.screenshot({ path: join(folder, `${name}${suffix}.png`), fullPage: width < 500 });
}

for (const theme of themes) {
	for (const width of widths) {
		test(`knowledge base, ${theme}, ${width} px`, async ({ browser }) => {
			const options = {
				colorScheme: theme,
				viewport: { width, height: width < 500 ? 844 : 900 },
				deviceScaleFactor: width < 500 ? 2 : 1
			} as const;
			const visitor = await (await browser.newContext(options)).newPage();
			await visitor.goto('/help');
			await expect(visitor.getByRole('heading', { name: 'How can we help?' })).toBeVisible();
			await shoot(visitor, 'help-home', width, theme);
			await visitor.goto('/help/search?q=password');
			await expect(visitor.getByRole('list', { name: 'Search results' })).toBeVisible();
			await shoot(visitor, 'help-search', width, theme);
			await visitor.goto('/help/articles/invoice-shows-wrong-amount');
			await expect(visitor.getByText('Was this helpful?')).toBeVisible();
			await shoot(visitor, 'help-article', width, theme);
			await visitor.goto('/help/articles/refund-approval-policy');
			await shoot(visitor, 'help-not-found', width, theme);

			const agent = await (await browser.newContext(options)).newPage();
			await signIn(agent, demo.agent);
			await agent.goto('/agent/kb');
			await expect(agent.getByRole('heading', { name: 'Knowledge base', level: 1 })).toBeVisible();
			await shoot(agent, 'agent-kb-list', width, theme);
			await agent.getByRole('link', { name: 'Reset your password' }).click();
			await expect(agent.getByRole('region', { name: 'Preview' }).locator('ol')).toBeVisible({
				visible: width >= 1024
			});
			await shoot(agent, 'agent-kb-editor', width, theme);
			await agent.getByRole('link', { name: 'History' }).click();
			await expect(agent.getByRole('heading', { name: 'Revision history' })).toBeVisible();
			await shoot(agent, 'agent-kb-history', width, theme);
			await agent.goto('/agent/kb/categories');
			await shoot(agent, 'agent-kb-categories', width, theme);
		});
	}
}

test('new-ticket suggestions, light and dark', async ({ browser }) => {
	for (const theme of themes) {
		const page = await (
			await browser.newContext({ colorScheme: theme, viewport: { width: 1440, height: 900 } })
		).newPage();
		await signIn(page, demo.client);
		await page.goto('/client/tickets/new');
		await page.getByLabel('Subject').fill('Invoice shows the wrong amount');
		await page.getByLabel('Description').fill('We added two seats and the invoice doubled.');
		await expect(page.getByRole('region', { name: 'These articles might help' })).toBeVisible();
		await shoot(page, 'client-new-ticket-suggestions', 1440, theme);
	}
});
