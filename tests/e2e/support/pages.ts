// Opening a page in the browser tests. A page is visible, and Playwright acts on it, before its
// handlers are attached: a click then does nothing and a word typed is lost when hydration takes the
// field over. Recording a trace of every action used to slow the tests enough to hide this; without
// it, actions landed first. So the specs open and reload pages only through these, which return once
// the page has hydrated (eslint.config.js rejects a bare `page.goto` or `page.reload` in tests/e2e).
import type { Page } from '@playwright/test';

/** Waits until the page has hydrated: the root layout marks `<html>` once every handler is attached. */
export async function hydrated(page: Page) {
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Opens `url` (relative to the app) and waits until it has hydrated; the response, as `page.goto`'s. */
export async function visit(page: Page, url: string) {
	const response = await page.goto(url);
	await hydrated(page);
	return response;
}

/** Reloads the page and waits until it has hydrated again. */
export async function reload(page: Page) {
	const response = await page.reload();
	await hydrated(page);
	return response;
}

/**
 * Opens `url` without waiting for hydration, for a test that blocks the app's scripts to see the
 * server-rendered page alone: hydration never comes.
 */
export async function visitWithoutScripts(page: Page, url: string) {
	return page.goto(url);
}
