import { expect, test, type Page } from '@playwright/test';
import { connection, demo, nodeClient, openAs, openAt, unique } from './support/accounts';
import { reload, visit, visitWithoutScripts } from './support/pages';

const portals = [
	{
		portal: 'client',
		email: demo.client,
		heading: 'My tickets',
		links: ['My tickets', 'New ticket']
	},
	{ portal: 'agent', email: demo.agent, heading: 'All open', links: ['Queue'] },
	{ portal: 'admin', email: demo.admin, heading: 'Overview', links: ['Overview'] }
] as const;

const canvas = { light: 'rgb(246, 246, 247)', dark: 'rgb(15, 15, 17)' };
const sections = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

/** Files a ticket as the demo customer, straight through the API. */
async function fileTicket(subject: string) {
	const customer = await nodeClient(demo.client);
	const { data: session } = await customer.auth.getSession();
	const { data, error } = await customer
		.from('tickets')
		.insert({
			subject,
			description: 'Filed by the shell tests.',
			customer_id: session.session!.user.id
		})
		.select('id')
		.single();
	expect(error).toBeNull();
	return data!.id;
}

async function expectNoHorizontalScroll(page: Page) {
	const { scroll, client } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		client: document.documentElement.clientWidth
	}));
	expect(scroll).toBeLessThanOrEqual(client);
}

for (const theme of ['light', 'dark'] as const) {
	for (const { portal, email, heading, links } of portals) {
		test(`the ${portal} portal's shell in the ${theme} theme`, async ({ browser }) => {
			const { page, context } = await openAs(browser, email, undefined, { colorScheme: theme });
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
			await expect(page.locator('html')).toHaveClass(
				theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/
			);
			expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
				canvas[theme]
			);
			for (const name of links)
				await expect(sections(page).getByRole('link', { name })).toBeVisible();
			await expect(sections(page).getByRole('link', { name: links[0] })).toHaveAttribute(
				'aria-current',
				'page'
			);
			await expect(connection(page)).toHaveText('Live');
			await expect(page.getByRole('button', { name: 'Account' })).toBeVisible();
			await expect(page.getByRole('navigation', { name: 'Portals' })).toHaveCount(
				portal === 'admin' ? 1 : 0
			);
			await context.close();
		});
	}
}

test('the theme chosen in the account menu sticks, from the first paint of the next page', async ({
	browser
}) => {
	const { page, context } = await openAs(browser, demo.agent, undefined, { colorScheme: 'light' });
	await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
	await page.getByRole('button', { name: 'Account' }).click();
	await page.getByRole('menuitemradio', { name: 'Dark' }).click();
	await expect(page.locator('html')).toHaveClass(/\bdark\b/);

	// Without the app's JavaScript, only the inline start-up script can set the theme: no flash.
	await context.route(/\/_app\/immutable\/.*\.js$/, (route) => route.abort());
	await visitWithoutScripts(page, '/agent');
	await expect(page.locator('html')).toHaveClass(/\bdark\b/);
	expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
		canvas.dark
	);
	await context.close();
});

test('the command palette finds a ticket by number and by subject, and opens it', async ({
	browser
}) => {
	const subject = unique('Palette finds the flux capacitor');
	const id = await fileTicket(subject);
	const { page, context } = await openAs(browser, demo.agent);
	const palette = page.getByRole('dialog', { name: 'Command palette' });
	// Shortcuts work once the page is interactive; "Live" says it is.
	await expect(connection(page)).toHaveText('Live');

	await page.keyboard.press('ControlOrMeta+k');
	await expect(palette).toBeVisible();
	await page.keyboard.type(`#${id}`);
	await expect(palette.getByRole('option', { name: new RegExp(subject) })).toBeVisible();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(`/agent/tickets/${id}`);
	await expect(palette).toBeHidden();

	await page.getByRole('button', { name: 'Search or jump to…' }).click();
	await page.keyboard.type(subject.split(' ').slice(-2).join(' '));
	const hit = palette.getByRole('option', { name: new RegExp(subject) });
	await expect(hit).toBeVisible();
	await hit.click();
	await expect(page).toHaveURL(`/agent/tickets/${id}`);
	await context.close();
});

test('a customer’s palette finds only their own tickets, and jumps to pages', async ({
	browser
}) => {
	const subject = unique('Somebody else’s secret');
	const other = await nodeClient(demo.client2);
	const { data: session } = await other.auth.getSession();
	const { error } = await other
		.from('tickets')
		.insert({ subject, description: 'Not for client 1.', customer_id: session.session!.user.id });
	expect(error).toBeNull();

	const { page, context } = await openAs(browser, demo.client);
	const palette = page.getByRole('dialog', { name: 'Command palette' });
	await expect(connection(page)).toHaveText('Live');
	await page.keyboard.press('ControlOrMeta+k');
	await expect(palette).toBeVisible();
	// Their subject's unique word, which no ticket of this customer's has: a ticket number could also
	// be part of a word in one of this customer's own subjects, and match it.
	const word = subject.split(' ').at(-1)!;
	await page.keyboard.type(word);
	await expect(palette.getByText(`No ticket matches “${word}”.`)).toBeVisible();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type('new tick');
	await palette.getByRole('option', { name: 'New ticket' }).click();
	await expect(page).toHaveURL('/client/tickets/new');
	await context.close();
});

test('"?" lists the shortcuts by scope, never while typing, and "g" sequences navigate', async ({
	browser
}) => {
	const { page, context } = await openAs(browser, demo.client);
	const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
	await expect(connection(page)).toHaveText('Live');

	await page.keyboard.press('?');
	await expect(help).toBeVisible();
	await expect(help.getByRole('heading', { name: 'General' })).toBeVisible();
	await expect(help.getByRole('heading', { name: 'Navigation' })).toBeVisible();
	await expect(help.getByText('Open the command palette')).toBeVisible();
	await expect(help.getByText('Send the form you are typing in')).toBeVisible();
	await expect(help.getByText('Go to New ticket')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(help).toBeHidden();

	await page.keyboard.press('c');
	await expect(page).toHaveURL('/client/tickets/new');
	await page.getByLabel('Subject').click();
	await page.keyboard.type('What does ? do, g t?');
	await expect(help).toBeHidden();
	await expect(page).toHaveURL('/client/tickets/new');
	await expect(page.getByLabel('Subject')).toHaveValue('What does ? do, g t?');

	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.keyboard.press('g');
	await page.keyboard.press('t');
	await expect(page).toHaveURL('/client');
	await context.close();
});

test('Ctrl/⌘+Enter sends the form being typed in', async ({ browser }) => {
	const { page, context } = await openAt(browser, demo.client, '/client/tickets/new');
	const subject = unique('Sent from the keyboard');
	await page.getByLabel('Subject').fill(subject);
	await page.getByRole('textbox', { name: 'Description' }).fill('No mouse was harmed.');
	await expect(connection(page)).toHaveText('Live');
	await page.keyboard.press('ControlOrMeta+Enter');
	// The toast follows the action's result, before the new ticket's page has loaded, and lasts 4 s:
	// looked for first, so a slow navigation cannot outlast it.
	await expect(page.getByText(/^Ticket #\d+ created$/)).toBeVisible();
	await expect(page).toHaveURL(/\/client\/tickets\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);
	await context.close();
});

test('the sidebar collapses to icons, stays collapsed on the next visit, and expands again', async ({
	browser
}) => {
	const { page, context } = await openAs(browser, demo.agent);
	const sidebar = page.getByRole('complementary', { name: 'Sidebar' });
	await expect(sidebar).toBeVisible();
	const wide = (await sidebar.boundingBox())!.width;

	await page.getByRole('button', { name: 'Collapse sidebar' }).click();
	await expect.poll(async () => (await sidebar.boundingBox())!.width).toBeLessThan(wide / 2);
	await expect(sections(page).getByRole('link', { name: 'Queue' })).toBeVisible();

	await reload(page);
	await expect(page.getByRole('button', { name: 'Expand sidebar' })).toBeVisible();
	expect((await sidebar.boundingBox())!.width).toBeLessThan(wide / 2);
	const link = sections(page).getByRole('link', { name: 'Queue' });
	await link.hover();
	await expect(link).toHaveAccessibleDescription('Queue');

	await expect(connection(page)).toHaveText('Live');
	await page.keyboard.press('[');
	await expect(page.getByRole('button', { name: 'Collapse sidebar' })).toBeVisible();
	await expect.poll(async () => (await sidebar.boundingBox())!.width).toBe(wide);
	await context.close();
});

test('at 390 px the navigation is a sheet behind a menu button', async ({ browser }) => {
	const { page, context } = await openAs(browser, demo.admin);
	await page.setViewportSize({ width: 390, height: 844 });
	await visit(page, '/client');
	await expect(page.getByRole('complementary', { name: 'Sidebar' })).toBeHidden();
	await expectNoHorizontalScroll(page);

	await page.getByRole('button', { name: 'Open navigation' }).click();
	const sheet = page.getByRole('dialog', { name: 'Navigation' });
	await expect(sheet).toBeVisible();
	await sheet
		.getByRole('navigation', { name: 'Portals' })
		.getByRole('link', { name: 'Agent portal' })
		.click();
	await expect(page).toHaveURL('/agent');

	await page.getByRole('button', { name: 'Open navigation' }).click();
	await sheet.getByRole('link', { name: 'Queue' }).click();
	await expect(sheet).toBeHidden();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('All open');
	await expect(connection(page)).toHaveText('Live');
	await context.close();
});

test('a 200-character subject without spaces wraps everywhere, at 390 px and 1440 px', async ({
	browser
}) => {
	const subject = `Unbroken${'x'.repeat(184)}${Date.now().toString(36)}`.slice(0, 200);
	const id = await fileTicket(subject);
	// Each page is loaded once and looked at in both widths: the layout is CSS alone (no script
	// reads the width), so a resized page lays out as one loaded at that width.
	const inBothWidths = async (page: Page) => {
		for (const width of [390, 1440]) {
			await page.setViewportSize({ width, height: 900 });
			await expect(page.getByText(subject).first()).toBeVisible();
			await expectNoHorizontalScroll(page);
		}
	};
	for (const portal of ['client', 'agent'] as const) {
		const { page, context } = await openAt(browser, demo[portal], `/${portal}`);
		await inBothWidths(page);
		await visit(page, `/${portal}/tickets/${id}`);
		await inBothWidths(page);
		await context.close();
	}
});
