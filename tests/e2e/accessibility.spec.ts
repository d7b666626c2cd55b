// axe on every page of every portal, in both themes: no serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { connection, demo, nodeClient, openAs } from './support/accounts';
import { visit } from './support/pages';

/**
 * axe's rules that read the colours on screen (its `cat.color` rules that run by default; the AAA
 * `color-contrast-enhanced` does not). The dark theme changes nothing else: its class on `<html>`
 * only swaps the colour tokens (src/app.css: colours, shadow colours and `color-scheme`), so every
 * other rule sees the same page in both themes and its light-theme result stands for the dark one.
 */
const colourRules = ['color-contrast', 'link-in-text-block'];

/**
 * Scans the page as it stands in the light theme with every rule, then in the dark one with the
 * colour rules. The theme follows the system's preference (mode-watcher, which turns transitions
 * off while it switches), so the page, menu or dialog open now is scanned in both themes without
 * loading it again.
 */
async function expectAccessible(page: Page, what: string) {
	await showTheme(page, 'light');
	await expectAccessibleNow(page, `${what} (light theme)`);
	await showTheme(page, 'dark');
	await expectAccessibleNow(page, `${what} (dark theme)`, colourRules);
}

async function showTheme(page: Page, theme: 'light' | 'dark') {
	await page.emulateMedia({ colorScheme: theme });
	const root = expect(page.locator('html'));
	await (theme === 'dark' ? root.toHaveClass(/\bdark\b/) : root.not.toHaveClass(/\bdark\b/));
}

/**
 * Our pages have no frames, so axe runs in the page itself (legacy mode) rather than per frame and
 * then again in a new blank page to merge the frames' results; and it lists every node only for the
 * violations, the one result read here (on the agent queue, listing every passing node cost more
 * than the checks). Together a scan took a third to a half of the time. `rules` limits the scan to
 * those rules.
 */
async function expectAccessibleNow(page: Page, what: string, rules?: string[]) {
	// axe reads colours as painted: a queue row still fading in (a live arrival, 400 ms from
	// transparent) read as faint text once in CI. Finite animations are let finish first; endless ones
	// (a loading pulse) are not waited for.
	await page.evaluate(() =>
		Promise.all(
			document
				.getAnimations()
				.filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
				.map((animation) => animation.finished.catch(() => undefined))
		)
	);
	const axe = new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] });
	const { violations } = await (rules ? axe.withRules(rules) : axe).analyze();
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

/** A portal page, once its heading shows. */
async function expectPageAccessible(page: Page, path: string) {
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectAccessible(page, path);
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
	// Several pages and overlays per test, each scanned in both themes: the 240 s each theme's test
	// had when the themes ran apart, twice.
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
		await expect(page).toHaveURL('/client');
		await expectPageAccessible(page, '/client');
		for (const path of [
			'/client/tickets/new',
			`/client/tickets/${id}`,
			'/account/security',
			'/account/profile'
		]) {
			await visit(page, path);
			await expectPageAccessible(page, path);
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
		await expect(page).toHaveURL('/agent');
		await expectPageAccessible(page, '/agent');
		// The ticket last: its menus and dialogs are opened on it next.
		for (const path of ['/account/profile', `/agent/tickets/${id}`]) {
			await visit(page, path);
			await expectPageAccessible(page, path);
		}
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
		// The automations page last: its rule editor is opened on it next.
		for (const path of settings.map((page) => `/admin/settings${page}`)) {
			await visit(page, path);
			await expectAccessible(page, path);
		}
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
