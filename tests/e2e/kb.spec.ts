// The knowledge base end to end: an agent writes and publishes an article and links another into a
// reply from a ticket's Suggested articles; an anonymous visitor finds the new one in the help center
// by searching, reads it (its script never runs) and votes once; what is not published for everyone
// answers 404. A customer typing a new ticket gets suggestions, and leaving after reading one counts.
import { expect, test } from '@playwright/test';
import { demo, nodeClient, openAs, openAt } from './support/accounts';
import { reload, visit } from './support/pages';

/** A made-up word only this run's article contains, so the search finds exactly it. */
const word = `quokkafix${Date.now().toString(36)}`;
const title = `Caring for your ${word}`;

test('an agent publishes an article and links one into a reply; an anonymous visitor finds it, reads it and votes once', async ({
	browser
}) => {
	const agent = await openAs(browser, demo.agent);

	await test.step('the agent writes and publishes the article, with a live preview', async () => {
		await agent.page.getByRole('link', { name: 'Knowledge base' }).first().click();
		await expect(agent.page.getByRole('heading', { level: 1 })).toHaveText('Knowledge base');
		await agent.page.getByRole('link', { name: 'New article' }).click();
		await agent.page.getByLabel('Title').fill(title);
		await expect(agent.page.getByLabel('URL name')).toHaveValue(`caring-for-your-${word}`);
		await agent.page.getByLabel('Tags').fill('pets, care');
		await agent.page
			.getByRole('textbox', { name: 'Article' })
			.fill(
				`## Daily care\n\nKeep the **${word}** dry.\n\n<script>window.pwned = true</script>\n\n` +
					'<iframe src="https://example.com"></iframe>'
			);
		const preview = agent.page.getByRole('region', { name: 'Preview' });
		await expect(preview.getByRole('heading', { level: 2 })).toHaveText('Daily care');
		await expect(preview.locator('strong')).toHaveText(word);
		await agent.page.getByRole('button', { name: 'Publish' }).click();
		await expect(agent.page).toHaveURL(/\/agent\/kb\/\d+$/);
		await expect(agent.page.getByText('Article published')).toBeVisible();
		await expect(agent.page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(agent.page.getByRole('button', { name: 'Unpublish' })).toBeVisible();
	});

	await test.step('on a ticket, Suggested articles puts an article link into the reply', async () => {
		const staff = await nodeClient(demo.agent);
		const { data: ticket } = await staff
			.from('tickets')
			.select('id')
			.eq('subject', 'Cannot sign in after password reset')
			.limit(1)
			.single();
		await visit(agent.page, `/agent/tickets/${ticket?.id}`);
		const panel = agent.page.getByRole('region', { name: 'Suggested articles' });
		await expect(panel.getByRole('link', { name: 'Reset your password' })).toBeVisible();
		await panel
			.getByRole('button', { name: 'Insert a link to “Reset your password” into the reply' })
			.click();
		const reply = agent.page
			.getByRole('region', { name: 'Composer' })
			.getByRole('textbox', { name: 'Reply' });
		await expect(reply).toBeFocused();
		await expect(reply).toHaveValue(
			`[Reset your password](${new URL('/help/articles/reset-your-password', agent.page.url()).href})`
		);
	});

	const visitor = await browser.newContext();
	const page = await visitor.newPage();

	await test.step('an anonymous visitor finds it by searching the help center', async () => {
		await visit(page, '/help');
		await page.getByLabel('Search the help center').fill(word);
		await page.getByLabel('Search the help center').press('Enter');
		await expect(page).toHaveURL(/\/help\/search\?q=/);
		const results = page.getByRole('list', { name: 'Search results' });
		// First, and once: on a retry the failed try's article follows it as a lookalike (pg_trgm).
		await expect(results.getByRole('listitem').first()).toContainText(title);
		await expect(results.getByRole('listitem').filter({ hasText: title })).toHaveCount(1);
		await expect(results.locator('mark').first()).toHaveText(word);
		await results.getByRole('link', { name: title }).click();
	});

	await test.step('the article shows under its breadcrumbs, its script and frame removed', async () => {
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(
			page
				.getByRole('navigation', { name: 'Breadcrumb' })
				.getByRole('link', { name: 'Help center' })
		).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Daily care' })).toBeVisible();
		expect(await page.evaluate(() => 'pwned' in window)).toBe(false);
		await expect(page.locator('article iframe, article script')).toHaveCount(0);
	});

	await test.step('Was this helpful? takes one answer, kept across visits', async () => {
		await page.getByRole('button', { name: 'Yes' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'Thanks for your feedback' })
		).toBeVisible();
		await reload(page);
		await expect(page.getByText('Thanks for your feedback')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Yes' })).toHaveCount(0);
		const staff = await nodeClient(demo.agent);
		const { data } = await staff
			.from('kb_articles')
			.select('stats:kb_article_stats(helpful, not_helpful)')
			.eq('title', title)
			.single();
		expect(data?.stats).toEqual({ helpful: 1, not_helpful: 0 });
	});

	await test.step('drafts and internal articles answer 404 to anonymous visitors', async () => {
		for (const slug of ['getting-started-checklist-draft', 'refund-approval-policy']) {
			const response = await visit(page, `/help/articles/${slug}`);
			expect(response?.status()).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'We could not find that page'
			);
		}
	});

	await visitor.close();
	await agent.context.close();
});

test('deleting a category says the category was deleted, not that the order was saved, on a phone too', async ({
	browser
}) => {
	const name = `Pets ${word}`;
	const agent = await openAt(browser, demo.agent, '/agent/kb/categories');
	await agent.page.getByLabel('Name', { exact: true }).fill(name);
	await agent.page
		.getByLabel('Description')
		.fill('Feeding, grooming and the vet: everything about the animals in your care.');
	await agent.page.getByRole('button', { name: 'Add category' }).click();
	await expect(agent.page.getByText('Category added')).toBeVisible();
	// On a phone a long description is cut short, and the row's buttons stay on the screen.
	await agent.page.setViewportSize({ width: 390, height: 844 });
	await expect(agent.page.getByRole('button', { name: `Delete ${name}` })).toBeInViewport({
		ratio: 1
	});

	await agent.page.getByRole('button', { name: `Delete ${name}` }).click();
	await expect(agent.page.getByText('Category deleted')).toBeVisible();
	await expect(agent.page.getByRole('button', { name: `Delete ${name}` })).toHaveCount(0);
	await expect(agent.page.getByText('Order saved')).toHaveCount(0);
	await agent.context.close();
});

test('a customer typing a ticket sees articles that might help; opening one and leaving counts a deflection', async ({
	browser
}) => {
	const staff = await nodeClient(demo.agent);
	const { data: reset } = await staff
		.from('kb_articles')
		.select('id')
		.eq('slug', 'reset-your-password')
		.single();
	const deflections = async () => {
		const { data } = await staff
			.from('kb_article_stats')
			.select('deflections')
			.eq('article_id', reset?.id)
			.single();
		return (data?.deflections as number | undefined) ?? 0;
	};
	const before = await deflections();
	const client = await openAs(browser, demo.client);
	await visit(client.page, '/client/tickets/new');
	await client.page.getByLabel('Subject').fill('Forgot my password');
	await client.page
		.getByRole('textbox', { name: 'Description' })
		.fill('I cannot sign in since this morning, it says my password is wrong.');
	const suggestions = client.page.getByRole('region', { name: 'These articles might help' });
	await expect(suggestions.getByRole('link')).not.toHaveCount(0);
	expect(await suggestions.getByRole('link').count()).toBeLessThanOrEqual(3);

	const [article] = await Promise.all([
		client.page.waitForEvent('popup'),
		suggestions.getByRole('link', { name: /Reset your password/ }).click()
	]);
	await expect(article.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
	await article.close();

	await client.page.getByRole('link', { name: 'My tickets' }).first().click();
	await expect(client.page).toHaveURL(/\/client$/);
	await expect.poll(deflections).toBe(before + 1);
	await client.context.close();
});

test("an address under /help that no page matches answers with the help center's own 404", async ({
	page
}) => {
	const response = await visit(page, '/help/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not find that page');
	// The help center's header and search, not the sign-in-oriented page of the app.
	await expect(page.getByRole('searchbox', { name: 'Search the help center' })).toHaveCount(2);
	await expect(page.getByRole('link', { name: 'Sign in as someone else' })).toHaveCount(0);
});
