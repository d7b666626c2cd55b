import { expect, test } from '@playwright/test';
import {
	connection,
	demo,
	openAs,
	signIn,
	signInAs,
	signOut,
	submitSignIn
} from './support/accounts';
import { visit } from './support/pages';

const landings = [
	{ who: 'a customer', email: demo.client, path: '/client', heading: 'My tickets' },
	{ who: 'an agent', email: demo.agent, path: '/agent', heading: 'All open' },
	{ who: 'an admin', email: demo.admin, path: '/admin', heading: 'Overview' }
];

test.describe('signing in', () => {
	for (const { who, email, path, heading } of landings) {
		test(`lands ${who} in their portal, live`, async ({ page }) => {
			await signIn(page, email);
			await expect(page).toHaveURL(path);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
			await expect(connection(page)).toHaveText('Live');
		});
	}

	test('sends / to sign in when nobody is signed in', async ({ page }) => {
		await visit(page, '/');
		await expect(page).toHaveURL('/login');
		await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
	});

	test('names a wrong password next to the form', async ({ page }) => {
		await visit(page, '/login');
		await submitSignIn(page, demo.agent, 'not-the-password');
		await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
		await expect(page.getByLabel('Email')).toHaveValue(demo.agent);
	});

	test('brings someone stopped at a portal page back to it after signing in', async ({ page }) => {
		await visit(page, '/agent?from=bookmark');
		await expect(page).toHaveURL(`/login?next=${encodeURIComponent('/agent?from=bookmark')}`);
		await submitSignIn(page, demo.agent);
		await expect(page).toHaveURL('/agent?from=bookmark');
	});

	test('signs out and keeps the portals closed afterwards', async ({ page }) => {
		await signIn(page, demo.client2);
		await signOut(page);
		await expect(page).toHaveURL('/login?notice=signed-out');
		await visit(page, '/client');
		await expect(page).toHaveURL(/\/login\?next=/);
	});
});

test.describe('closed portals', () => {
	const refused = [
		{
			email: demo.client,
			path: '/agent',
			reason: 'the agent portal is only for agents and admins'
		},
		{ email: demo.client, path: '/admin', reason: 'the admin portal is only for admins' },
		{
			email: demo.agent,
			path: '/client',
			reason: 'the client portal is only for customers and admins'
		},
		{ email: demo.agent, path: '/admin', reason: 'the admin portal is only for admins' }
	];
	for (const { email, path, reason } of refused) {
		test(`refuse ${email} at ${path} with a 403 that says why`, async ({ page }) => {
			await signInAs(page, email);
			const response = await visit(page, path);
			expect(response?.status()).toBe(403);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
			await expect(page.getByText(reason)).toBeVisible();
		});
	}

	test('refuse a client-side navigation too', async ({ page }) => {
		await signInAs(page, demo.client);
		await page.evaluate(() => {
			const link = document.createElement('a');
			link.href = '/admin';
			link.textContent = 'sneak';
			document.body.append(link);
		});
		await page.getByRole('link', { name: 'sneak' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot open this page');
	});
});

test('an admin switches into the agent and client portals and back, told where they are', async ({
	browser
}) => {
	const { page, context } = await openAs(browser, demo.admin);
	const portals = page.getByRole('navigation', { name: 'Portals' });

	await portals.getByRole('link', { name: 'Agent portal' }).click();
	await expect(page).toHaveURL('/agent');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('All open');
	await expect(page.getByText('You are viewing the agent portal as an admin.')).toBeVisible();

	await portals.getByRole('link', { name: 'Client portal' }).click();
	await expect(page).toHaveURL('/client');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My tickets');
	await expect(page.getByText('You are viewing the client portal as an admin.')).toBeVisible();

	await portals.getByRole('link', { name: 'Admin portal' }).click();
	await expect(page).toHaveURL('/admin');
	await expect(page.getByText(/You are viewing/)).toHaveCount(0);
	await expect(connection(page)).toHaveText('Live');
	await context.close();
});

test('clients and agents see no portal switcher', async ({ browser }) => {
	for (const email of [demo.client, demo.agent]) {
		const { page, context } = await openAs(browser, email);
		await expect(page.getByRole('navigation', { name: 'Portals' })).toHaveCount(0);
		await context.close();
	}
});

for (const { who, email, path } of landings.slice(1)) {
	test(`an address under ${path} that no page matches answers inside the portal, for ${who}`, async ({
		browser
	}) => {
		const { context, page } = await openAs(browser, email);
		const response = await visit(page, `${path}/no-such-page`);
		expect(response?.status()).toBe(404);
		await expect(
			page.getByText(`There is no such page in the ${path.slice(1)} portal.`)
		).toBeVisible();
		await page.getByRole('link', { name: `Back to the ${path.slice(1)} portal` }).click();
		await expect(page).toHaveURL(path);
		await context.close();
	});
}
