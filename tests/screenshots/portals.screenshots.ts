// Screenshots of every portal page in both themes, wide (1440 px) and narrow (390 px), plus the
// overlays (command palette, shortcuts, account menu, navigation sheet).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { demo, nodeClient, signIn } from '../e2e/support/accounts';

const folder = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
mkdirSync(folder, { recursive: true });

const themes = ['light', 'dark'] as const;
type Theme = (typeof themes)[number];

async function open(browser: Browser, email: string | null, theme: Theme, width: number) {
	const context = await browser.newContext({
		colorScheme: theme,
		viewport: { width, height: width < 500 ? 844 : 900 },
		deviceScaleFactor: width < 500 ? 2 : 1
	});
	const page = await context.newPage();
	if (email) await signIn(page, email);
	return { page, close: () => context.close() };
}

async function shoot(page: Page, name: string) {
	await expect(page.getByRole('banner').getByRole('status')).toHaveText('Live');
	// Let relative times and fonts settle on what a person would see.
	await page.evaluate(() => document.fonts.ready);
	await page.screenshot({ path: join(folder, `${name}.png`) });
}

/** A ticket whose conversation shows Markdown, a reply and an internal note. */
async function showcaseTicket() {
	const customer = await nodeClient(demo.client);
	const { data: session } = await customer.auth.getSession();
	const { data: ticket } = await customer
		.from('tickets')
		.insert({
			subject: 'Exports to CSV stop at 10,000 rows',
			description:
				'Since Monday our **weekly export** stops after 10,000 rows.\n\n' +
				'Steps:\n1. Open *Reports → Exports*\n2. Choose `All tickets`\n3. Press **Export**\n\n' +
				'We need the full file for the audit on Friday.',
			customer_id: session.session!.user.id,
			priority: 'normal'
		})
		.select('id')
		.single();
	const agent = await nodeClient(demo.agent);
	const { data: me } = await agent.auth.getUser();
	const messages = [
		{ kind: 'note', body: 'Same limit as ticket #43. Engineering has a fix in review.' },
		{
			kind: 'reply',
			body:
				'Thanks for the steps. The export limit is a known issue; until the fix ships you can ' +
				'export **one month at a time**. See the [export guide](https://example.com/exports).'
		}
	] as const;
	for (const { kind, body } of messages) {
		const { error } = await agent.from('ticket_activities').insert({
			ticket_id: ticket!.id,
			author_id: me.user!.id,
			kind,
			is_internal: kind === 'note',
			body
		});
		expect(error).toBeNull();
	}
	const customerReply = await customer.from('ticket_activities').insert({
		ticket_id: ticket!.id,
		author_id: session.session!.user.id,
		kind: 'reply',
		body: 'One month at a time works for now, thank you!'
	});
	expect(customerReply.error).toBeNull();
	const updated = await agent
		.from('tickets')
		.update({ status: 'pending', priority: 'high', assignee_id: me.user!.id })
		.eq('id', ticket!.id);
	expect(updated.error).toBeNull();
	return ticket!.id;
}

test('every portal, both themes, wide and narrow', async ({ browser }) => {
	const id = await showcaseTicket();

	for (const theme of themes) {
		const anonymous = await open(browser, null, theme, 1440);
		await anonymous.page.goto('/login');
		await anonymous.page.screenshot({ path: join(folder, `login-${theme}.png`) });
		await anonymous.close();

		const shots: { email: string; width: number; pages: [string, string][] }[] = [
			{
				email: demo.client,
				width: 1440,
				pages: [
					['/client', 'client-tickets'],
					['/client/tickets/new', 'client-new-ticket'],
					[`/client/tickets/${id}`, 'client-ticket']
				]
			},
			{
				email: demo.agent,
				width: 1440,
				pages: [
					['/agent', 'agent-queue'],
					[`/agent/tickets/${id}`, 'agent-ticket']
				]
			},
			{ email: demo.admin, width: 1440, pages: [['/admin', 'admin-overview']] },
			{ email: demo.client, width: 390, pages: [['/client', 'client-tickets-390']] },
			{
				email: demo.agent,
				width: 390,
				pages: [
					['/agent', 'agent-queue-390'],
					[`/agent/tickets/${id}`, 'agent-ticket-390']
				]
			},
			{ email: demo.admin, width: 390, pages: [['/admin', 'admin-overview-390']] }
		];
		for (const { email, width, pages } of shots) {
			const { page, close } = await open(browser, email, theme, width);
			for (const [path, name] of pages) {
				await page.goto(path);
				await shoot(page, `${name}-${theme}`);
			}
			await close();
		}

		const agent = await open(browser, demo.agent, theme, 1440);
		await agent.page.goto('/agent');
		await expect(agent.page.getByRole('banner').getByRole('status')).toHaveText('Live');
		await agent.page.keyboard.press('ControlOrMeta+k');
		await expect(agent.page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
		await agent.page.keyboard.type('invoice');
		await expect(agent.page.getByRole('option').first()).toBeVisible();
		await shoot(agent.page, `agent-command-palette-${theme}`);
		await agent.page.keyboard.press('Escape');
		await agent.page.keyboard.press('?');
		await expect(agent.page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
		await shoot(agent.page, `agent-shortcuts-${theme}`);
		await agent.page.keyboard.press('Escape');
		await agent.page.getByRole('button', { name: 'Collapse sidebar' }).click();
		await agent.page.getByRole('button', { name: 'Account' }).click();
		await expect(agent.page.getByRole('menu')).toBeVisible();
		await shoot(agent.page, `agent-collapsed-account-menu-${theme}`);
		await agent.page.keyboard.press('Escape');
		await agent.page.getByRole('button', { name: 'Expand sidebar' }).click();
		await agent.close();

		const admin = await open(browser, demo.admin, theme, 390);
		await admin.page.goto('/agent');
		await admin.page.getByRole('button', { name: 'Open navigation' }).click();
		await expect(admin.page.getByRole('dialog', { name: 'Navigation' })).toBeVisible();
		await shoot(admin.page, `admin-navigation-sheet-390-${theme}`);
		await admin.close();
	}
});
