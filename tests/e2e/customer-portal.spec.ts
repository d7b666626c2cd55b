// The customer portal end to end: filing with a type and attachments, the agent downloading them,
// "Support is typing…" for a reply (never for a note), the reply arriving in the bell and in the
// mail catcher, solve, rate, reopen, a follow-up on a
// closed ticket reaching the agents live, and My tickets' tabs and search.
import { expect, test, type Page } from '@playwright/test';
import { choose, demo, demoPassword, nodeClient, openAs, unique } from './support/accounts';
import { mailTo } from './support/mail';
import { recordNetwork } from './support/network-recorder';
import { reload, visit } from './support/pages';

const png = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

const bell = (page: Page) =>
	page.getByRole('banner').getByRole('button', { name: /^Notifications/ });

/** What a page heard on a ticket's typing topic, in order, repeats folded: `true`, `false`… */
async function typingSaid(network: ReturnType<typeof recordNetwork>, id: string) {
	const said = (await network.received())
		.filter((frame) => frame.includes(`typing:${id}`))
		.flatMap((frame) => [...frame.matchAll(/"typing":(true|false)/g)].map((match) => match[1]));
	return said.filter((value, i) => value !== said[i - 1]);
}

test('a customer files with a type and a file, the agent downloads it, support is seen typing, and the reply reaches the bell and the inbox', async ({
	browser
}) => {
	// Two browsers through filing, a download, typing, a reply, two emails and a fresh sign-in.
	test.setTimeout(120_000);
	const subject = unique('Export button greyed out');
	const replyText = unique('Turn on exports under Settings');
	let network!: ReturnType<typeof recordNetwork>;
	const client = await openAs(browser, demo.client, (_context, page) => {
		network = recordNetwork(page);
	});
	const agent = await openAs(browser, demo.agent);

	await test.step('the customer files a ticket with a type and a screenshot; a forbidden file is refused', async () => {
		await visit(client.page, '/client/tickets/new');
		await client.page.getByLabel('Subject').fill(subject);
		await expect(client.page.getByText(`${subject.length}/200 characters`)).toBeVisible();
		await choose(client.page, 'Type', 'Problem');
		await client.page
			.getByRole('textbox', { name: 'Description' })
			.fill('The **export** button is grey:\n\n- in Chrome\n- in Firefox');
		await client.page.getByRole('button', { name: 'Preview' }).click();
		const preview = client.page.getByLabel('Description preview');
		await expect(preview.locator('strong')).toHaveText('export');
		// Styled as the ticket will show it: the list keeps its bullets.
		await expect(preview.locator('li').first()).toHaveCSS('list-style-type', 'disc');
		await client.page.getByRole('button', { name: 'Write' }).click();
		const chooser = client.page.waitForEvent('filechooser');
		await client.page.getByRole('button', { name: 'Attach files' }).click();
		await (
			await chooser
		).setFiles([
			{ name: 'screenshot.png', mimeType: 'image/png', buffer: png },
			{ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') }
		]);
		await expect(client.page.getByRole('alert').filter({ hasText: 'tool.exe' })).toContainText(
			'cannot be attached'
		);
		await client.page.getByRole('button', { name: 'Remove tool.exe' }).click();
		await client.page.getByRole('button', { name: 'Submit ticket' }).click();
		await expect(client.page).toHaveURL(/\/client\/tickets\/\d+$/);
		await expect(client.page.getByText(/Ticket #\d+ created/)).toBeVisible();
		await expect(client.page.getByRole('heading', { level: 1 })).toHaveText(subject);
		await expect(client.page.getByRole('link', { name: /screenshot\.png/ })).toBeVisible();
	});
	const id = new URL(client.page.url()).pathname.split('/').pop()!;

	await test.step('the customer gets the "we received your request" email', async () => {
		const received = await mailTo(
			demo.client,
			new RegExp(`We received your request.*\\[#${id}\\]`)
		);
		expect(received.text).toContain(`/client/tickets/${id}`);
	});

	await test.step('the agent downloads the file', async () => {
		await visit(agent.page, `/agent/tickets/${id}`);
		const download = agent.page.waitForEvent('download');
		await agent.page.getByRole('link', { name: /screenshot\.png/ }).click();
		expect((await download).suggestedFilename()).toBe('screenshot.png');
	});

	const typing = client.page.getByText('Support is typing…');
	await test.step('"Support is typing…" shows the customer a reply being written, never a note', async () => {
		// The customer's page has joined the ticket's typing topic.
		await expect
			.poll(async () =>
				(await network.received()).some(
					(frame) =>
						frame.includes(`realtime:typing:${id}`) &&
						frame.includes('phx_reply') &&
						frame.includes('"ok"')
				)
			)
			.toBe(true);
		const composer = agent.page.getByRole('region', { name: 'Composer' });
		await composer.getByRole('radio', { name: 'Internal note' }).click();
		await composer
			.getByRole('textbox', { name: 'Internal note' })
			.fill('Legacy plan: exports are off by default.');
		await composer.getByRole('button', { name: 'Add note' }).click();
		await expect(agent.page.getByText('Internal note added')).toBeVisible();
		await composer.getByRole('radio', { name: 'Reply' }).click();
		const reply = composer.getByRole('textbox', { name: 'Reply' });
		await reply.fill(replyText);
		// Each keystroke is the agent still writing: the signal lasts a few seconds past the last.
		const stillWriting = () =>
			expect(async () => {
				await reply.press('End');
				await reply.press('Space');
				await expect(typing).toBeVisible({ timeout: 2000 });
			}).toPass();
		await stillWriting();
		// The note said nothing: what the agent's channel sent before the reply would have come first.
		expect(await typingSaid(network, id)).toEqual(['true']);
		await client.page.screenshot({ path: 'test-results/screens/support-typing.png' });
		await client.page.setViewportSize({ width: 390, height: 844 });
		await stillWriting();
		await client.page.screenshot({
			path: 'test-results/screens/support-typing-mobile.png',
			fullPage: true
		});
		await client.page.setViewportSize({ width: 1280, height: 720 });
	});

	await test.step('the agent replies: the customer’s bell counts it, live, and marks it read', async () => {
		// The demo customer starts with the seed's unread notifications: read them all first.
		await bell(client.page).click();
		await expect(client.page.getByRole('list', { name: 'Latest notifications' })).toBeVisible();
		const markAll = client.page.getByRole('button', { name: 'Mark all as read' });
		if (await markAll.isEnabled()) await markAll.click();
		await expect(bell(client.page)).toHaveAccessibleName('Notifications');
		await client.page.keyboard.press('Escape');
		await agent.page.getByRole('button', { name: 'Send', exact: true }).click();
		await expect(bell(client.page)).toHaveAccessibleName('Notifications, 1 unread');
		// Sent (or idle for a few seconds before): the signal is taken back.
		await expect(typing).toBeHidden();
		await expect.poll(() => typingSaid(network, id)).toEqual(['true', 'false']);
		await bell(client.page).click();
		await expect(client.page.getByRole('list', { name: 'Latest notifications' })).toContainText(
			subject
		);
		await client.page.getByRole('button', { name: 'Mark all as read' }).click();
		await expect(bell(client.page)).toHaveAccessibleName('Notifications');
		await client.page.keyboard.press('Escape');
	});

	await test.step('the reply email arrives with the text and a link that lands on the ticket after sign-in', async () => {
		const reply = await mailTo(demo.client, new RegExp(`^Re: .*\\[#${id}\\]`));
		expect(reply.text).toContain(replyText);
		const link = reply.links.find((href) => href.endsWith(`/client/tickets/${id}`));
		expect(link).toBeDefined();
		const fresh = await browser.newContext();
		const page = await fresh.newPage();
		await visit(page, link!);
		await expect(page).toHaveURL(/\/login/);
		await page.getByLabel('Email').fill(demo.client);
		await page.getByLabel('Password').fill(demoPassword);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(new RegExp(`/client/tickets/${id}$`));
		await fresh.close();
	});

	await client.context.close();
	await agent.context.close();
});

test('a customer solves, rates, changes the rating and reopens; a closed ticket takes a follow-up that reaches the queue live', async ({
	browser
}) => {
	const subject = unique('Invoice PDF is blank');
	const client = await openAs(browser, demo.client);
	const agent = await openAs(browser, demo.agent);
	const customer = await nodeClient(demo.client);
	const { data: filed, error } = await customer
		.from('tickets')
		.insert({
			subject,
			description: 'Blank page.',
			customer_id: (await customer.auth.getUser()).data.user!.id
		})
		.select('id')
		.single();
	expect(error).toBeNull();
	const id = filed!.id as number;

	await test.step('Mark as solved, then rate Good and change it to Bad with a comment', async () => {
		await visit(client.page, `/client/tickets/${id}`);
		// From the keyboard: the pressed button gives way, and focus stays in its section.
		await client.page.getByRole('button', { name: 'Mark as solved' }).press('Enter');
		await expect(client.page.getByText('Marked as solved')).toBeVisible();
		await expect(client.page.getByRole('heading', { name: 'Not sorted after all?' })).toBeFocused();
		await client.page.keyboard.press('Tab');
		await expect(client.page.getByRole('button', { name: 'Reopen' })).toBeFocused();
		await client.page.getByText('Good', { exact: true }).click();
		await client.page.getByRole('button', { name: 'Send rating' }).click();
		await expect(client.page.getByText('Thanks for your rating')).toBeVisible();
		await expect(client.page.getByRole('heading', { name: 'Your rating' })).toBeVisible();
		await client.page.getByText('Bad', { exact: true }).click();
		await client.page.getByLabel('Comment (optional)').fill('It took three days.');
		await client.page.getByRole('button', { name: 'Update rating' }).click();
		await expect(client.page.getByText('Rating updated')).toBeVisible();
		const { data } = await customer
			.from('tickets')
			.select('satisfaction_rating, satisfaction_comment')
			.eq('id', id)
			.single();
		expect(data).toEqual({
			satisfaction_rating: 'bad',
			satisfaction_comment: 'It took three days.'
		});
	});

	await test.step('Reopen brings it back', async () => {
		// A click, not a key: the rating form's own reload may still reset focus after its toast.
		await client.page.getByRole('button', { name: 'Reopen' }).click();
		await expect(client.page.getByText('Ticket reopened')).toBeVisible();
		await expect(client.page.getByRole('heading', { name: 'All sorted?' })).toBeFocused();
		await client.page.keyboard.press('Tab');
		await expect(client.page.getByRole('button', { name: 'Mark as solved' })).toBeFocused();
	});

	await test.step('on a closed ticket the reply box gives way to a follow-up, which reaches the queue live', async () => {
		const staff = await nodeClient(demo.agent);
		expect(
			(await staff.from('tickets').update({ status: 'closed' }).eq('id', id)).error
		).toBeNull();
		await reload(client.page);
		await expect(client.page.getByRole('textbox', { name: 'Reply' })).toHaveCount(0);
		await visit(agent.page, '/agent');
		await client.page.getByLabel('What do you still need?').fill('Still blank this month.');
		await client.page.getByRole('button', { name: 'Open a follow-up' }).click();
		await expect(client.page).toHaveURL(/\/client\/tickets\/\d+\?followUp=1$/);
		// The header says which ticket it follows up on (the history repeats it, with who and when).
		await expect(client.page.getByText(`Follow-up to #${id}`, { exact: true })).toBeVisible();
		await expect(agent.page.getByRole('link', { name: `Follow-up: ${subject}` })).toBeVisible();
	});

	await client.context.close();
	await agent.context.close();
});

test('My tickets filters by status and searches, and the customer portal reads well at 390 px in light and dark', async ({
	browser
}) => {
	const { context, page } = await openAs(browser, demo.client, undefined, {
		viewport: { width: 390, height: 844 }
	});
	await page.getByRole('link', { name: 'Solved' }).click();
	await expect(page).toHaveURL(/tab=solved/);
	await expect(page.getByRole('link', { name: 'Solved' })).toHaveAttribute('aria-current', 'page');
	const rows = page.getByRole('table', { name: 'My tickets' }).getByRole('row');
	await expect(rows.first()).toBeVisible();
	for (const text of await rows.allInnerTexts()) {
		if (/Open|Pending|On hold/.test(text.split('\n').slice(1).join(' '))) {
			throw new Error(`an unsolved ticket in Solved: ${text}`);
		}
	}
	await page.getByRole('link', { name: 'All' }).click();
	await page.getByLabel('Search my tickets').fill('zzz-no-such-ticket');
	await expect(page.getByText('No tickets match')).toBeVisible();
	await expect(page).toHaveURL(/q=zzz-no-such-ticket/);

	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		await visit(page, '/client');
		await page.screenshot({
			path: `test-results/screens/client-list-390-${scheme}.png`,
			fullPage: true
		});
		await visit(page, '/client/tickets/new');
		await page.screenshot({
			path: `test-results/screens/client-new-390-${scheme}.png`,
			fullPage: true
		});
	}
	await context.close();
});

test('an address under /client that no page matches answers inside the portal', async ({
	browser
}) => {
	const { context, page } = await openAs(browser, demo.client);
	const response = await visit(page, '/client/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByText('There is no such page in the client portal.')).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
	await page.getByRole('link', { name: 'Back to the client portal' }).click();
	await expect(page).toHaveURL('/client');
	await context.close();
});
