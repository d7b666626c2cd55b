// Realtime diagnostics against a setup broken for real: a table dropped from the realtime
// publication (SQL), then the Auth server restarted with the custom access token hook disabled
// (config.toml's override). Both on a stack and app of this file's own, so the shared stack the
// other specs use stays healthy.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { demo, signIn, submitSignIn } from './support/accounts';
import { ownStack, type OwnStack } from './support/own-stack';
import { visit } from './support/pages';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

let own: OwnStack;
/** The admin's tab, signed in while the setup was healthy; it stays open through every test. */
let admin: { context: BrowserContext; page: Page };

const noRole =
	'You are signed in, but your token carries no role, so no portal opens: the custom access token hook is not enabled in the Auth server, or found no profile for you. Ask an admin to check the hook.';

test.beforeAll(async ({ browser }) => {
	test.setTimeout(300_000);
	own = await ownStack();
	admin = await signedIn(browser, demo.admin);
});

test.afterAll(async () => {
	await admin?.context.close();
	await own?.stop();
});

async function signedIn(browser: Browser, email: string) {
	const context = await browser.newContext({ baseURL: own.appUrl });
	const page = await context.newPage();
	await signIn(page, email);
	return { context, page };
}

async function diagnoseAgent() {
	const page = admin.page;
	await visit(page, `/admin/diagnostics?person=${encodeURIComponent(demo.agent)}`);
	return {
		summary: page
			.getByRole('main')
			.getByRole('status')
			.filter({ hasText: /^(All checks pass|\d+ checks? fails?)$/ }),
		check: (name: string) =>
			page
				.getByRole('list', { name: `Checks for ${demo.agent}` })
				.getByRole('listitem')
				.filter({ hasText: new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
	};
}

/** Asks the page whether the agent receives changes to a ticket; returns the answer's box. */
async function checkDelivery(ticket: number) {
	const page = admin.page;
	await page.getByLabel('Ticket number').fill(String(ticket));
	await page.getByRole('button', { name: 'Check', exact: true }).click();
	return page.getByRole('status').filter({ hasText: `ticket #${ticket}` });
}

async function anyTicket() {
	const { rows } = await own.stack.db.query<{ id: number }>(
		'select id from public.tickets order by id limit 1'
	);
	return Number(rows[0].id);
}

test('a healthy setup passes every check', async () => {
	const { summary, check } = await diagnoseAgent();
	await expect(summary).toHaveText('All checks pass');
	await expect(check('Access token hook')).toContainText(
		'Enabled: the newest token the Auth server issued passed through custom_access_token_hook.'
	);
	await expect(check('Publication: tickets')).toContainText('In supabase_realtime');
});

test('a table removed from the realtime publication is named', async () => {
	const ticket = await anyTicket();
	await own.stack.db.query('alter publication supabase_realtime drop table public.tickets');
	try {
		const { summary, check } = await diagnoseAgent();
		await expect(summary).toHaveText('1 check fails');
		await expect(check('Publication: tickets')).toContainText(
			'Publication: tickets fails Not in publication supabase_realtime: nobody receives its changes.'
		);
		const answer = await checkDelivery(ticket);
		await expect(answer).toContainText(
			`No: ${demo.agent} does not receive changes to ticket #${ticket}.`
		);
		await expect(answer).toContainText(
			'Table `tickets` is not in publication `supabase_realtime`: nobody receives changes to tickets.'
		);
	} finally {
		await own.stack.db.query('alter publication supabase_realtime add table public.tickets');
	}
	const { summary } = await diagnoseAgent();
	await expect(summary).toHaveText('All checks pass');
});

test('a disabled access token hook is named, to the admin and to whoever signs in', async ({
	browser
}) => {
	await own.restart({ SUPABASE_AUTH_HOOK_CUSTOM_ACCESS_TOKEN_ENABLED: 'false' });
	try {
		// The agent signs in and gets a token without user_role: the sign-in page is all they can see.
		const agent = await browser.newContext({ baseURL: own.appUrl });
		const agentPage = await agent.newPage();
		await visit(agentPage, '/login');
		await submitSignIn(agentPage, demo.agent);
		await expect(agentPage.getByRole('alert')).toHaveText(noRole);
		await agent.close();

		// The admin's tab still holds the token it got while the hook ran, so it can look into it.
		const { summary, check } = await diagnoseAgent();
		await expect(summary).toHaveText('2 checks fail');
		await expect(check('Access token hook')).toContainText(
			'Access token hook fails Not enabled: the newest token the Auth server issued did not pass through custom_access_token_hook, so tokens carry no user_role claim.'
		);
		await expect(check('`user_role` claim')).toContainText(
			'`user_role` claim fails Missing from their token: the custom access token hook is not enabled, so every policy denies and they get no live updates.'
		);
		const answer = await checkDelivery(await anyTicket());
		await expect(answer).toContainText(`No: ${demo.agent} does not receive changes`);
		await expect(answer).toContainText(
			'The `user_role` claim is missing from the token: the custom access token hook is not enabled or found no profile, so every policy denies.'
		);

		// An admin signing in now is no better off than the agent: the sign-in page says why.
		const fresh = await browser.newContext({ baseURL: own.appUrl });
		const freshPage = await fresh.newPage();
		await visit(freshPage, '/admin/diagnostics');
		await submitSignIn(freshPage, demo.admin);
		await expect(freshPage).toHaveURL(/\/login/);
		await expect(freshPage.getByRole('alert')).toHaveText(noRole);
		await fresh.close();
	} finally {
		await own.restart();
	}

	// Enabled again, the next sign-in passes through the hook and every check passes.
	const agent = await signedIn(browser, demo.agent);
	await expect(agent.page).toHaveURL(/\/agent/);
	await agent.context.close();
	const { summary } = await diagnoseAgent();
	await expect(summary).toHaveText('All checks pass');
});
