// Headless Chromium for the browser-timing benches: sign in through the app's own form, wait until
// a portal's realtime store is live, and read the page's clock against the bench's.
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.js';
import { demoPassword } from '../../scripts/demo-accounts.js';

export const launchBrowser = () =>
	chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });

/** A page of its own browser context, signed in as `email` and past the login redirect. */
export async function signIn(browser: Browser, appUrl: string, email: string): Promise<Page> {
	const page = await (await browser.newContext({ baseURL: appUrl })).newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(demoPassword);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	return page;
}

/** Resolves once the header's realtime status reads `Live`. */
export const live = (page: Page) =>
	page.getByRole('banner').getByRole('status').getByText('Live').waitFor();

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with `pageNow` in a page. */
export const epochNow = () => performance.timeOrigin + performance.now();

/**
 * How far the page's `performance.timeOrigin + performance.now()` runs ahead of `epochNow()` here:
 * both count from the system clock, but from different moments, so the difference is measured,
 * from the round trip with the least time in flight (its error is at most half that round trip).
 */
export async function clockOffset(
	page: Page,
	tries = 7
): Promise<{ offset: number; error: number }> {
	let best = { offset: 0, error: Number.POSITIVE_INFINITY };
	for (let i = 0; i < tries; i++) {
		const sent = epochNow();
		const there = await page.evaluate(() => performance.timeOrigin + performance.now());
		const back = epochNow();
		const error = (back - sent) / 2;
		if (error < best.error) best = { offset: there - (sent + back) / 2, error };
	}
	return best;
}
