// Two-factor sign-in in the browser: setting up an authenticator app on the security page, signing
// in with its code, and an admin requiring it for staff. Fresh accounts only, so the demo accounts
// the other suites sign in with never meet a second step.
import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { connection, demo, serviceClient, signIn, submitSignIn, unique } from './support/accounts';
import { hydrated, visit } from './support/pages';

const password = 'a-good-password';
const newEmail = (label: string) =>
	`${unique(label).replace(/\s+/g, '-').toLowerCase()}@example.test`;

/** The code an authenticator app would show for `secret` now. */
const codeFor = (secret: string) =>
	new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() });

async function signUp(page: Page, email: string) {
	await visit(page, '/signup');
	await page.getByLabel('Full name').fill('Sam Secure');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL('/client');
	await hydrated(page);
}

/** An account made through the Auth admin API with `role`, as an admin invitation would. */
async function staffAccount(role: 'agent' | 'admin') {
	const email = newEmail(role);
	const admin = serviceClient();
	const { data, error } = await admin.auth.admin.createUser({
		email,
		password,
		email_confirm: true
	});
	if (error) throw error;
	await admin.from('profiles').update({ role }).eq('id', data.user.id);
	return email;
}

/** Sets up an authenticator on the security page the browser is on; returns its secret. */
async function setUpAuthenticator(page: Page): Promise<string> {
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
	await page.getByText("Can't scan it?").click();
	const secret = (await page.locator('code').innerText()).trim();
	expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	await page.getByLabel('Authentication code').fill(codeFor(secret));
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
	return secret;
}

test('a person sets up an authenticator, signs out, and signs back in with its code', async ({
	page
}) => {
	const email = newEmail('two-factor');
	await signUp(page, email);

	// The account menu leads to the security page, and the page back to the portal.
	await page.getByRole('button', { name: 'Account' }).click();
	await page.getByRole('menuitem', { name: 'Security' }).click();
	await expect(page).toHaveURL('/account/security');
	await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Back to your tickets' })).toHaveAttribute(
		'href',
		'/client'
	);
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	await page.getByText("Can't scan it?").click();
	const secret = (await page.locator('code').innerText()).trim();
	await page.getByLabel('Authentication code').fill('000000');
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
	await expect(page.getByRole('alert')).toHaveText(/That code is not right/);
	// The same QR code and key stay on the page for the next try.
	await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
	await page.getByLabel('Authentication code').fill(codeFor(secret));
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
	await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();

	await visit(page, '/logout');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login/);

	await submitSignIn(page, email, password);
	await expect(page).toHaveURL(/\/login\/mfa/);
	// Skipping the step leads back to it: the session is not through yet.
	await visit(page, '/client');
	await expect(page).toHaveURL(/\/login\/mfa\?next=%2Fclient/);
	await page.getByLabel('Authentication code').fill(codeFor(secret));
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(page).toHaveURL('/client');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My tickets');
	await expect(connection(page)).toHaveText('Live');
});

test('an admin requires two-factor for staff: staff are sent to set it up, customers are not', async ({
	browser
}) => {
	const adminEmail = await staffAccount('admin');
	const agentEmail = await staffAccount('agent');
	try {
		const admin = await (await browser.newContext()).newPage();
		await signIn(admin, adminEmail, password);
		await expect(admin).toHaveURL('/admin');
		await visit(admin, '/admin/settings');
		await admin.getByLabel('Require two-factor sign-in for agents and admins').check();
		await admin.getByRole('button', { name: 'Save security settings' }).click();
		// The admin has no authenticator yet, so they are the first to be asked for one.
		await expect(admin).toHaveURL('/account/security?next=%2Fadmin%2Fsettings');
		await expect(admin.getByRole('status')).toHaveText(/Your admin requires two-factor sign-in/);
		await setUpAuthenticator(admin);
		await expect(admin).toHaveURL('/admin/settings');
		await expect(
			admin.getByLabel('Require two-factor sign-in for agents and admins')
		).toBeChecked();

		const agent = await (await browser.newContext()).newPage();
		await visit(agent, '/login');
		await submitSignIn(agent, agentEmail, password);
		await expect(agent).toHaveURL('/account/security?next=%2Fagent');
		await setUpAuthenticator(agent);
		await expect(agent).toHaveURL('/agent');
		await expect(agent.getByRole('heading', { level: 1 })).toHaveText('All open');

		const customer = await (await browser.newContext()).newPage();
		await signIn(customer, demo.client);
		await expect(customer).toHaveURL('/client');

		await expect(connection(admin)).toHaveText('Live');
		await admin.getByLabel('Require two-factor sign-in for agents and admins').uncheck();
		await admin.getByRole('button', { name: 'Save security settings' }).click();
		await expect(admin.getByText('Two-factor sign-in is no longer required')).toBeVisible();
	} finally {
		// Whatever happened above, the suites after this one meet the workspace as the seed left it.
		await serviceClient().from('app_settings').update({ require_staff_mfa: false }).eq('id', true);
	}
});
