// Signing in as the seed's demo accounts, in the browser (through the login form) or from Node.
import {
	expect,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { demoPassword } from '../../../scripts/demo-accounts.js';
import { devState } from './dev-state';
import { hydrated, visit } from './pages';

export const demo = {
	client: 'client@autocrm.test',
	client2: 'client2@autocrm.test',
	agent: 'agent@autocrm.test',
	agent2: 'agent2@autocrm.test',
	admin: 'admin@autocrm.test'
} as const;

export { demoPassword };

/** Fills in and sends the sign-in form, whatever the outcome. */
export async function submitSignIn(page: Page, email: string, password = demoPassword) {
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signIn(page: Page, email: string, password = demoPassword) {
	await visit(page, '/login');
	await submitSignIn(page, email, password);
	await expect(page).not.toHaveURL(/\/login/);
	await hydrated(page);
}

type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;

/**
 * The demo accounts' session cookies in this worker, from each one's first sign-in through the form:
 * later sign-ins start with them and skip the sign-in page and the Auth round trip, which about a
 * hundred tests otherwise repeated. Signing in itself is what portals.spec and the account specs test,
 * with signIn (the form). Each worker has a stack of its own, and so a cache of its own.
 */
const demoSessions = new Map<string, { cookies: Cookies; signedInAt: number }>();
const demoEmails: readonly string[] = Object.values(demo);
/**
 * A session is reused while its access token is far from expiry (config.toml's jwt_expiry is an
 * hour): near it, each context sharing the session would refresh it with the same refresh token, and
 * rotation takes a reused refresh token for a stolen one.
 */
const reuseSessionsForMs = 20 * 60_000;
/** Supabase's session cookies (`sb-<project>-auth-token`, chunked); the app's other cookies stay out. */
const isSessionCookie = (cookie: Cookies[number]) => cookie.name.startsWith('sb-');

/**
 * Signs `page`'s context in as `email` and lands on `path` (`/` sends a signed-in person to their
 * portal): a demo account with this worker's session, any other account (made by a test) through
 * the form, so each of its contexts has a session of its own.
 */
export async function signInAs(page: Page, email: string, path = '/') {
	const isDemo = demoEmails.includes(email);
	const saved = isDemo ? demoSessions.get(email) : undefined;
	if (saved && Date.now() - saved.signedInAt < reuseSessionsForMs) {
		await page.context().addCookies(saved.cookies);
		// A stack that lost the session (killed mid-write by reconnect.spec) sends the person to
		// sign in, and the form below signs in anew.
		await visit(page, path);
		if (!new URL(page.url()).pathname.startsWith('/login')) return;
	}
	await signIn(page, email);
	if (isDemo) {
		const cookies = (await page.context().cookies()).filter(isSessionCookie);
		demoSessions.set(email, { cookies, signedInAt: Date.now() });
	}
	// The form lands on the portal.
	if (path !== '/') await visit(page, path);
}

/**
 * A fresh browser context (its own cookies) signed in as `email` (see signInAs); `prepare` runs on
 * the context and page before anything loads (to record traffic or route the websocket from the
 * first byte).
 */
export async function openAs(
	browser: Browser,
	email: string,
	prepare?: Prepare,
	options?: BrowserContextOptions
) {
	return open(browser, email, '/', prepare, options);
}

/**
 * As openAs, landing on `path` instead of the portal: a test that starts elsewhere loads one page,
 * not the portal's first and then its own.
 */
export async function openAt(
	browser: Browser,
	email: string,
	path: string,
	prepare?: Prepare,
	options?: BrowserContextOptions
) {
	return open(browser, email, path, prepare, options);
}

type Prepare = (context: BrowserContext, page: Page) => Promise<void> | void;

async function open(
	browser: Browser,
	email: string,
	path: string,
	prepare?: Prepare,
	options?: BrowserContextOptions
) {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await prepare?.(context, page);
	await signInAs(page, email, path);
	return { context, page };
}

/** Marks the page, so a test can tell later that it was never reloaded. */
export async function markPage(page: Page) {
	await page.evaluate(() => Object.assign(window, { __notReloaded: true }));
}

export async function expectNotReloaded(page: Page) {
	expect(await page.evaluate(() => '__notReloaded' in window)).toBe(true);
}

/** The header's connection indicator. */
export const connection = (page: Page) => page.getByRole('banner').getByRole('status');

/** supabase-js in the test process, as the app's anonymous key or signed in as `email`. */
export async function nodeClient(email?: string) {
	const { stackUrl, anonKey } = devState();
	const client = createClient(stackUrl, anonKey, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: WebSocket as never }
	});
	if (email) {
		const { error } = await client.auth.signInWithPassword({ email, password: demoPassword });
		if (error) throw error;
	}
	return client;
}

export function serviceClient() {
	const { stackUrl, serviceRoleKey } = devState();
	return createClient(stackUrl, serviceRoleKey, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: WebSocket as never }
	});
}

/** The newest email the local stack "sent" to `to`, once it is there. */
export async function latestMail(to: string, type: string) {
	let found: { token_hash: string; action_link: string; redirect_to: string } | undefined;
	await expect
		.poll(async () => {
			const response = await fetch(`${devState().stackUrl}/mail`);
			const mails = (await response.json()) as { to: string; type: string; token_hash: string }[];
			found = mails.find((mail) => mail.to === to && mail.type === type) as typeof found;
			return found !== undefined;
		})
		.toBe(true);
	return found!;
}

/** Something unique per test run, so tests never see each other's rows. */
export const unique = (label: string) =>
	`${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Signs out through the account menu in the header. */
export async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Account' }).click();
	await page.getByRole('menuitem', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login/);
}

/** Picks `option` in the select labelled `label` (a listbox select, as the app's forms use). */
export async function choose(page: Page, label: string, option: string) {
	await page.getByLabel(label, { exact: true }).click();
	await page.getByRole('option', { name: option, exact: true }).click();
	await expect(page.getByLabel(label, { exact: true })).toHaveText(option);
}
