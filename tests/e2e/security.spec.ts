// What a browser (or someone posing as one) meets at the app's edge: no redirect off the site after
// sign-in, no portal data for a role that may not enter, the security headers and a policy the app
// itself lives within, bodies no form can read refused with a clear status, and a sign-in lockout
// that says so and that an admin can lift.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import {
	connection,
	demo,
	demoPassword,
	openAs,
	serviceClient,
	signIn,
	signOut,
	submitSignIn
} from './support/accounts';
import { devState } from './support/dev-state';
import { visit } from './support/pages';

/** Collects what Chromium reports as Content-Security-Policy violations on a page. */
function cspViolations(page: Page): string[] {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});
	return violations;
}

test.describe('after sign-in', () => {
	for (const next of [
		'/\t/evil.example/x',
		'//evil.example/x',
		'/\\evil.example',
		'/\n/evil.example'
	]) {
		test(`stays on the site for next=${JSON.stringify(next)}`, async ({ page, baseURL }) => {
			await visit(page, `/login?next=${encodeURIComponent(next)}`);
			await submitSignIn(page, demo.agent);
			await expect(page).toHaveURL(`${baseURL}/agent`);
		});
	}
});

test.describe('data for a portal the role may not enter', () => {
	for (const path of ['/agent', '/agent/tickets/6', '/admin']) {
		test(`is refused to a customer at ${path}/__data.json, before any load runs`, async ({
			browser
		}) => {
			const { context, page } = await openAs(browser, demo.client);
			const response = await page.request.get(`${path}/__data.json`);
			expect(response.status()).toBe(403);
			const body = await response.json();
			expect(body).toEqual({ message: expect.stringContaining('You are signed in as a customer') });
			await context.close();
		});
	}

	test('sends an anonymous data request to sign in', async ({ request }) => {
		const response = await request.get('/agent/tickets/6/__data.json');
		expect(await response.json()).toEqual({
			type: 'redirect',
			location: `/login?next=${encodeURIComponent('/agent/tickets/6')}`
		});
	});
});

test.describe('security headers', () => {
	test('come with every page: the policy names the app and its Supabase project', async ({
		page
	}) => {
		const { stackUrl } = devState();
		const response = await visit(page, '/login');
		const headers = response!.headers();
		const policy = headers['content-security-policy'];
		expect(policy).toContain("frame-ancestors 'none'");
		expect(policy).toContain("default-src 'self'");
		expect(policy).toContain(`connect-src 'self' ${stackUrl} ${stackUrl.replace(/^http/, 'ws')}`);
		expect(policy).toContain(`img-src 'self' data: blob: ${stackUrl}`);
		expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(policy).not.toContain('unsafe-eval');
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
		expect(headers['permissions-policy']).toContain('camera=()');
		expect(headers['cache-control'] ?? '').not.toContain('no-store');
	});

	test('keep signed-in pages out of every cache', async ({ browser }) => {
		const { context, page } = await openAs(browser, demo.agent);
		const response = await visit(page, '/agent');
		expect(response!.headers()['cache-control']).toBe('private, no-store');
		const data = await page.request.get('/agent/__data.json');
		expect(data.headers()['cache-control']).toBe('private, no-store');
		await context.close();
	});

	test('leave the app itself working: no policy violation in any portal, while signing in and going live', async ({
		page
	}) => {
		const violations = cspViolations(page);
		await signIn(page, demo.agent);
		await expect(connection(page)).toHaveText('Live');
		// The queue's first links are its views; open the first ticket.
		await page.getByRole('main').locator('a[href*="/agent/tickets/"]').first().click();
		await expect(page).toHaveURL(/\/agent\/tickets\/\d+$/);
		await expect(connection(page)).toHaveText('Live');
		await signOut(page);
		// An admin may enter all three portals: each one's shell, theme script and socket.
		await signIn(page, demo.admin);
		for (const portal of ['/admin', '/agent', '/client']) {
			await visit(page, portal);
			await expect(connection(page)).toHaveText('Live');
		}
		expect(violations).toEqual([]);
	});
});

test.describe('form posts', () => {
	test('answer 415 with a message to a body sent as text/plain, instead of failing', async ({
		request,
		baseURL
	}) => {
		const response = await request.post('/login', {
			headers: { 'content-type': 'text/plain', origin: baseURL! },
			data: `email=${demo.agent}&password=${demoPassword}`
		});
		expect(response.status()).toBe(415);
		expect(await response.text()).toContain('This form takes form data');
	});

	test('answer 400 to multipart data no one can read', async ({ request, baseURL }) => {
		const response = await request.post('/login', {
			headers: { 'content-type': 'multipart/form-data; boundary=x', origin: baseURL! },
			data: '--y\r\nnot a part'
		});
		expect(response.status()).toBe(400);
	});

	test('from another site are refused', async ({ request }) => {
		const response = await request.post('/logout', {
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'http://evil.example'
			},
			data: ''
		});
		expect(response.status()).toBe(403);
	});
});

/**
 * Submits the sign-in form and waits for its answer: a form filled while the previous attempt is
 * still in flight would be reset by that attempt's answer, and the guess would never be sent.
 */
async function attemptSignIn(page: Page, email: string, password: string) {
	const answered = page.waitForResponse(
		(response) =>
			response.request().method() === 'POST' && new URL(response.url()).pathname === '/login'
	);
	await submitSignIn(page, email, password);
	await answered;
}

test.describe('guessing a password', () => {
	test('locks the account after five failures, says so, and an admin can lift it', async ({
		page,
		browser
	}) => {
		const email = `guessed-${randomUUID().slice(0, 8)}@example.com`;
		const password = 'the-right-password-1';
		const created = await serviceClient().auth.admin.createUser({
			email,
			password,
			email_confirm: true,
			user_metadata: { full_name: 'Guessed Person' }
		});
		expect(created.error).toBeNull();

		await visit(page, '/login');
		for (let attempt = 1; attempt <= 4; attempt += 1) {
			await attemptSignIn(page, email, `guess-${attempt}`);
			await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
		}
		await attemptSignIn(page, email, 'guess-5');
		// A string, not a pattern: the message's icon leaves whitespace around its text.
		await expect(page.getByRole('alert')).toHaveText(
			'Too many failed sign-in attempts. This account is locked for 15 more minutes; try again then, or ask an admin to unlock it.'
		);
		await attemptSignIn(page, email, password);
		await expect(page.getByRole('alert')).toContainText('Too many failed sign-in attempts');
		await expect(page).toHaveURL(/\/login/);

		const admin = await openAs(browser, demo.admin);
		const lockouts = admin.page.getByRole('region', { name: 'Locked accounts' });
		await expect(lockouts.getByRole('listitem', { name: email })).toContainText('Guessed Person');
		await lockouts.getByRole('button', { name: `Clear the lockout of ${email}` }).click();
		await expect(lockouts.getByText(`${email} can sign in again.`)).toBeVisible();
		await expect(lockouts.getByRole('listitem', { name: email })).toHaveCount(0);
		await admin.context.close();

		await submitSignIn(page, email, password);
		await expect(page).toHaveURL('/client');
	});
});
