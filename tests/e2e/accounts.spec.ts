import { expect, test } from '@playwright/test';
import {
	choose,
	demo,
	latestMail,
	openAs,
	serviceClient,
	signIn,
	signOut,
	unique
} from './support/accounts';

const newEmail = (label: string) =>
	`${unique(label).replace(/\s+/g, '-').toLowerCase()}@example.test`;

async function signUp(page: import('@playwright/test').Page, email: string, password: string) {
	await page.goto('/signup');
	await page.getByLabel('Full name').fill('Casey Customer');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL('/client');
}

test('a new customer signs up and lands in the client portal', async ({ page }) => {
	await signUp(page, newEmail('signup'), 'a-good-password');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My tickets');
});

test('a customer whose role an admin changes is moved to the new portal without reloading', async ({
	page
}) => {
	const email = newEmail('promoted');
	await signUp(page, email, 'a-good-password');
	await expect(page.getByRole('banner').getByRole('status')).toHaveText('Live');

	const admin = serviceClient();
	const { data: profile } = await admin.from('profiles').select('id').eq('email', email).single();
	const { error } = await admin.from('profiles').update({ role: 'agent' }).eq('id', profile!.id);
	expect(error).toBeNull();

	await expect(page).toHaveURL('/agent');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('All open');
});

test('a forgotten password is reset through the emailed link, which works once', async ({
	page
}) => {
	const email = newEmail('forgetful');
	await signUp(page, email, 'the-old-password');
	await signOut(page);

	await page.goto('/login');
	await page.getByRole('link', { name: 'Forgot your password?' }).click();
	// The sign-in form has an Email field too: fill the reset form's, once it is the page.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Send reset link' }).click();
	await expect(page.getByText(`If ${email} has an account, we sent it a link`)).toBeVisible();

	const mail = await latestMail(email, 'recovery');
	const link = `/auth/confirm?token_hash=${encodeURIComponent(mail.token_hash)}&type=recovery`;
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
	await page.getByLabel('New password').fill('the-new-password');
	await page.getByLabel('Repeat the password').fill('the-new-password');
	await page.getByRole('button', { name: 'Set password' }).click();
	await expect(page).toHaveURL('/client');

	await signOut(page);
	await page.goto(link);
	await expect(page).toHaveURL('/login?notice=link-expired');
	await expect(page.getByText('This link has expired or was already used.')).toBeVisible();
	await signIn(page, email, 'the-new-password');
	await expect(page).toHaveURL('/client');
});

test('an admin invites an agent, who sets a password and lands in the agent portal', async ({
	browser
}) => {
	// Two browsers, an admin sign-in and an email round trip: more than the default budget when
	// the machine is shared.
	test.slow();
	const email = newEmail('teammate');
	const admin = await openAs(browser, demo.admin);
	await admin.page.getByLabel('Email').fill(email);
	await choose(admin.page, 'Role', 'Agent');
	await admin.page.getByRole('button', { name: 'Send invitation' }).click();
	await expect(admin.page.getByText(`We sent an invitation to ${email}.`)).toBeVisible();

	const mail = await latestMail(email, 'invite');
	const invited = await browser.newContext();
	const page = await invited.newPage();
	await page.goto(`/auth/confirm?token_hash=${encodeURIComponent(mail.token_hash)}&type=invite`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to AutoCRM');
	await page.getByLabel('New password').fill('an-agent-password');
	await page.getByLabel('Repeat the password').fill('an-agent-password');
	await page.getByRole('button', { name: 'Set password' }).click();
	await expect(page).toHaveURL('/agent');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('All open');
	await Promise.all([admin.context.close(), invited.close()]);
});

test('a link that is not valid says so in plain words', async ({ page }) => {
	await page.goto('/auth/confirm?token_hash=not-a-real-token&type=recovery');
	await expect(page).toHaveURL('/login?notice=link-expired');
	await expect(page.getByText('This link has expired or was already used.')).toBeVisible();
});
