import { expect, test } from '@playwright/test';
import {
	choose,
	demo,
	latestMail,
	openAs,
	serviceClient,
	signIn,
	signOut,
	submitSignIn,
	unique
} from './support/accounts';
import { mailTo } from './support/mail';
import { hydrated, reload, visit } from './support/pages';

const newEmail = (label: string) =>
	`${unique(label).replace(/\s+/g, '-').toLowerCase()}@example.test`;

async function signUp(page: import('@playwright/test').Page, email: string, password: string) {
	await visit(page, '/signup');
	await page.getByLabel('Full name').fill('Casey Customer');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL('/client');
	await hydrated(page);
}

// A 1×1 PNG, for the profile picture.
const tinyPng = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==',
	'base64'
);

test('a new customer signs up, lands in the client portal and makes the profile their own', async ({
	page
}) => {
	const email = newEmail('signup');
	await signUp(page, email, 'a-good-password');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My tickets');

	await page.getByRole('navigation').getByRole('link', { name: 'Profile' }).first().click();
	await expect(page).toHaveURL('/account/profile');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Profile');

	// Name: a bad one is refused beside its field and changes nothing; a good one is saved.
	const name = page.getByLabel('Full name');
	await name.fill(' ');
	await page.getByRole('button', { name: 'Save name' }).click();
	await expect(page.getByText('Tell us your name.')).toBeVisible();
	await name.fill('Casey Q. Customer');
	await page.getByRole('button', { name: 'Save name' }).click();
	await expect(page.getByText('Name saved')).toBeVisible();
	await reload(page);
	await expect(page.getByLabel('Full name')).toHaveValue('Casey Q. Customer');

	// Picture: a PDF is refused at once; a PNG is previewed, saved, and shows in the account menu.
	const picker = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
		const chooser = page.waitForEvent('filechooser');
		await page.getByRole('button', { name: /Upload a picture|Change picture/ }).click();
		await (await chooser).setFiles(file);
	};
	await picker({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
	await expect(page.getByText('Choose a PNG, JPEG, WebP or GIF image.')).toBeVisible();
	await picker({ name: 'me.png', mimeType: 'image/png', buffer: tinyPng });
	await expect(page.getByRole('img', { name: 'Preview of your new picture' })).toBeVisible();
	await page.getByRole('button', { name: 'Save picture' }).click();
	await expect(page.getByText('Picture saved')).toBeVisible();
	const avatarUrl = /\/storage\/v1\/object\/public\/avatars\//;
	await expect(page.getByRole('img', { name: 'Your picture' }).locator('img')).toHaveAttribute(
		'src',
		avatarUrl
	);
	await visit(page, '/client');
	await expect(page.getByRole('button', { name: 'Account' }).locator('img')).toHaveAttribute(
		'src',
		avatarUrl
	);
	await visit(page, '/account/profile');

	// Notifications: replies from support stop ringing the bell.
	await page.getByLabel('Replies from support').first().click();
	await page.getByRole('button', { name: 'Save preferences' }).click();
	await expect(page.getByText('Preferences saved')).toBeVisible();
	await reload(page);
	await expect(page.getByLabel('Replies from support').first()).not.toBeChecked();
	await expect(page.getByLabel('Solved tickets')).toBeChecked();

	// Email: the change waits for the link emailed to the new address.
	const changed = newEmail('changed');
	await page.getByLabel('New email address').fill(email);
	await page.getByRole('button', { name: 'Change email address' }).click();
	await expect(page.getByText('That is already your email address.').last()).toBeVisible();
	await page.getByLabel('New email address').fill(changed);
	await page.getByRole('button', { name: 'Change email address' }).click();
	await expect(page.getByText(`Waiting for you to confirm ${changed}`)).toBeVisible();
	const subject = /Confirm your new AutoCRM email address/;
	await visit(page, '/client');
	await visit(page, (await mailTo(changed, subject)).links[0]);
	await expect(page).toHaveURL('/account/profile?notice=email-changed');
	await expect(page.getByText('Your email address is changed.')).toBeVisible();
	await expect(page.getByText(`You sign in with ${changed}`)).toBeVisible();

	// Password: two that differ are refused; then the new one is the one that signs in.
	await page.getByLabel('New password', { exact: true }).fill('a-newer-password');
	await page.getByLabel('Confirm new password').fill('a-different-one');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByText('The two passwords differ.')).toBeVisible();
	await page.getByLabel('New password', { exact: true }).fill('a-newer-password');
	await page.getByLabel('Confirm new password').fill('a-newer-password');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByText('Password changed')).toBeVisible();
	await visit(page, '/client');
	await signOut(page);
	await visit(page, '/login');
	await submitSignIn(page, changed, 'a-good-password');
	await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
	await signIn(page, changed, 'a-newer-password');
	await expect(page).toHaveURL('/client');
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

	await visit(page, '/login');
	await page.getByRole('link', { name: 'Forgot your password?' }).click();
	// The sign-in form has an Email field too: fill the reset form's, once it is the page.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
	await page.getByLabel('Email').fill(email);
	// While the form is out its button is disabled: a second press does not send it again.
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/reset-password**', async (route) => {
		if (route.request().method() === 'POST') await held;
		await route.continue();
	});
	await page.getByRole('button', { name: 'Send reset link' }).click();
	await expect(page.getByRole('button', { name: 'Send reset link' })).toBeDisabled();
	release();
	await expect(page.getByText(`If ${email} has an account, we sent it a link`)).toBeVisible();
	await page.unroute('**/reset-password**');

	const mail = await latestMail(email, 'recovery');
	const link = `/auth/confirm?token_hash=${encodeURIComponent(mail.token_hash)}&type=recovery`;
	await visit(page, link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
	await page.getByLabel('New password').fill('the-new-password');
	await page.getByLabel('Repeat the password').fill('the-new-password');
	await page.getByRole('button', { name: 'Set password' }).click();
	await expect(page).toHaveURL('/client');
	await expect(page.getByText('Your new password is set')).toBeVisible();

	await signOut(page);
	await visit(page, link);
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
	await visit(page, `/auth/confirm?token_hash=${encodeURIComponent(mail.token_hash)}&type=invite`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to AutoCRM');
	await page.getByLabel('New password').fill('an-agent-password');
	await page.getByLabel('Repeat the password').fill('an-agent-password');
	await page.getByRole('button', { name: 'Set password' }).click();
	await expect(page).toHaveURL('/agent');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('All open');
	await Promise.all([admin.context.close(), invited.close()]);
});

test('a link that is not valid says so in plain words', async ({ page }) => {
	await visit(page, '/auth/confirm?token_hash=not-a-real-token&type=recovery');
	await expect(page).toHaveURL('/login?notice=link-expired');
	await expect(page.getByText('This link has expired or was already used.')).toBeVisible();
});
