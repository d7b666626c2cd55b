// axe on every page of every portal, in both themes: no serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { connection, demo, nodeClient, openAs } from './support/accounts';
import { visit } from './support/pages';

/**
 * Scans the page as it stands in the light theme, then in the dark one. The theme follows the
 * system's preference (mode-watcher, which turns transitions off while it switches), so the page,
 * menu or dialog open now is scanned twice without loading it again.
 */
async function expectAccessible(page: Page, what: string) {
	for (const theme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: theme });
		const root = expect(page.locator('html'));
		await (theme === 'dark' ? root.toHaveClass(/\bdark\b/) : root.not.toHaveClass(/\bdark\b/));
		await expectAccessibleNow(page, `${what} (${theme} theme)`);
	}
}

/**
 * Our pages have no frames, so axe runs in the page itself (legacy mode) rather than per frame and
 * then again in a new blank page to merge the frames' results; and it lists every node only for the
 * violations, the one result read here (on the agent queue, listing every passing node cost more
 * than the checks). Together a scan took a third to a half of the time.
 */
async function expectAccessibleNow(page: Page, what: string) {
	const { violations } = await new AxeBuilder({ page })
		.setLegacyMode()
		.options({ resultTypes: ['violations'] })
		.analyze();
	const serious = violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => ({
			rule: violation.id,
			impact: violation.impact,
			help: violation.help,
			where: violation.nodes.slice(0, 3).map((node) => node.target.join(' '))
		}));
	expect(serious, `${what}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

/** The demo customer’s most recently active ticket. */
async function aTicket() {
	const customer = await nodeClient(demo.client);
	const { data } = await customer
		.from('tickets')
		.select('id')
		.order('updated_at', { ascending: false })
		.limit(1)
		.single();
	return data!.id;
}

test.describe('in the light and dark themes', () => {
	// Several pages and overlays per test, each scanned in full in both themes: the 240 s each
	// theme's test had when the themes ran apart, twice.
	// Each test opens pages of its own: they spread over the workers rather than run as one file.
	test.describe.configure({ timeout: 480_000, mode: 'parallel' });

	test('the sign-in, sign-up, password and error pages', async ({ page }) => {
		for (const path of ['/login', '/signup', '/reset-password', '/login?notice=signed-out']) {
			await visit(page, path);
			await expectAccessible(page, path);
		}
		await visit(page, '/login');
		await page.getByLabel('Email').fill(demo.client);
		await page.getByLabel('Password').fill('wrong-password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expectAccessible(page, 'sign-in error');
	});

	test('every page of the client portal, and the account pages', async ({ browser }) => {
		const id = await aTicket();
		const { page, context } = await openAs(browser, demo.client);
		for (const path of [
			'/client',
			'/client/tickets/new',
			`/client/tickets/${id}`,
			'/account/security',
			'/account/profile'
		]) {
			await visit(page, path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expectAccessible(page, path);
		}
		await visit(page, '/client/tickets/99999999');
		await expectAccessible(page, 'a ticket that does not exist');
		await visit(page, '/admin');
		await expectAccessible(page, 'a closed portal (403)');
		await context.close();
	});

	test('every page of the agent portal, with the palette, menu and shortcuts open', async ({
		browser
	}) => {
		const id = await aTicket();
		const { page, context } = await openAs(browser, demo.agent);
		for (const path of ['/agent', `/agent/tickets/${id}`, '/account/profile']) {
			await visit(page, path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expectAccessible(page, path);
		}
		await visit(page, `/agent/tickets/${id}`);
		await expect(connection(page)).toHaveText('Live');
		await page.getByLabel('Status', { exact: true }).click();
		await expect(page.getByRole('listbox')).toBeVisible();
		await expectAccessible(page, 'the status select, open');
		await page.keyboard.press('Escape');

		await page.keyboard.press('ControlOrMeta+k');
		await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
		await page.keyboard.type('invoice');
		await expect(page.getByRole('option').first()).toBeVisible();
		await expectAccessible(page, 'the command palette');
		await page.keyboard.press('Escape');

		await page.keyboard.press('?');
		await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
		await expectAccessible(page, 'the shortcuts dialog');
		await page.keyboard.press('Escape');

		await page.getByRole('button', { name: 'Account' }).click();
		await expect(page.getByRole('menu')).toBeVisible();
		await expect(page.getByRole('menuitem', { name: 'Profile' })).toBeVisible();
		await expectAccessible(page, 'the account menu');
		await context.close();
	});

	test('every page of the admin portal, and the portals an admin switches into', async ({
		browser
	}) => {
		const { page, context } = await openAs(browser, demo.admin);
		await expectAccessible(page, '/admin');
		const settings = [
			'',
			'/fields',
			'/types',
			'/tags',
			'/macros',
			'/business-hours',
			'/sla',
			'/automations'
		];
		for (const path of settings.map((page) => `/admin/settings${page}`)) {
			await visit(page, path);
			await expectAccessible(page, path);
		}
		await visit(page, '/admin/settings/automations');
		await page.getByRole('button', { name: 'New rule' }).first().click();
		await expect(page.getByRole('dialog')).toBeVisible();
		await expectAccessible(page, 'the automation rule editor');
		await page.keyboard.press('Escape');
		for (const path of ['/agent', '/client']) {
			await visit(page, path);
			await expectAccessible(page, `${path} as an admin`);
		}
		await page.setViewportSize({ width: 390, height: 844 });
		await visit(page, '/admin');
		await page.getByRole('button', { name: 'Open navigation' }).click();
		await expect(page.getByRole('dialog', { name: 'Navigation' })).toBeVisible();
		await expectAccessible(page, 'the navigation sheet at 390 px');
		await context.close();
	});
});
