import { expect, test, type Page } from '@playwright/test';
import {
	choose,
	connection,
	demo,
	expectNotReloaded,
	markPage,
	nodeClient,
	openAs,
	unique
} from './support/accounts';
import { recordNetwork } from './support/network-recorder';
import { visit } from './support/pages';

const queueRow = (page: Page, subject: string) =>
	page.getByRole('row').filter({ has: page.getByRole('link', { name: subject }) });

test('a ticket goes from a customer to the agents and back, live, and internal notes stay internal', async ({
	browser
}) => {
	// Three browsers signed in side by side through a whole ticket's life: more than the default
	// budget when the machine is shared.
	test.slow();
	const subject = unique('Printer on fire');
	const replyText = unique('We are sending someone over');
	const noteText = unique('Customer has done this twice before');

	let network!: ReturnType<typeof recordNetwork>;
	const client = await openAs(browser, demo.client, (_context, page) => {
		network = recordNetwork(page);
	});
	const agent = await openAs(browser, demo.agent);
	const agent2 = await openAs(browser, demo.agent2);

	await test.step('the customer files a ticket and the open queue shows it without a reload', async () => {
		await expect(connection(agent.page)).toHaveText('Live');
		await markPage(agent.page);
		await client.page.getByRole('link', { name: 'New ticket' }).first().click();
		await client.page.getByLabel('Subject').fill(subject);
		await client.page.getByRole('textbox', { name: 'Description' }).fill('Smoke everywhere.');
		await client.page.getByRole('button', { name: 'Submit ticket' }).click();
		await expect(client.page).toHaveURL(/\/client\/tickets\/\d+$/);
		await expect(client.page.getByRole('heading', { level: 1 })).toHaveText(subject);
		await expect(queueRow(agent.page, subject)).toContainText('Open');
		await expectNotReloaded(agent.page);
	});
	const ticketPath = new URL(client.page.url()).pathname.replace('/client/', '/agent/');

	await test.step('the agent replies and adds an internal note', async () => {
		await agent.page.getByRole('link', { name: subject }).click();
		await expect(agent.page).toHaveURL(ticketPath);
		await visit(agent2.page, ticketPath);
		await expect(connection(client.page)).toHaveText('Live');
		await markPage(client.page);
		await markPage(agent2.page);

		await agent.page.getByRole('textbox', { name: 'Reply' }).fill(replyText);
		await agent.page.getByRole('button', { name: 'Send', exact: true }).click();
		await expect(agent.page.getByRole('listitem', { name: 'Reply' })).toContainText(replyText);
		await expect(agent.page.getByText('Reply sent')).toBeVisible();
		await agent.page.getByRole('radio', { name: 'Internal note' }).click();
		await agent.page.getByRole('textbox', { name: 'Internal note' }).fill(noteText);
		await agent.page.getByRole('button', { name: 'Add note' }).click();
		await expect(agent.page.getByRole('listitem', { name: 'Internal note' })).toContainText(
			noteText
		);
		await expect(agent.page.getByText('Internal note added')).toBeVisible();
	});

	await test.step('the customer sees the reply without a reload, and never the note', async () => {
		await expect(client.page.getByRole('listitem', { name: 'Reply' })).toContainText(replyText);
		await expectNotReloaded(client.page);
	});

	await test.step('another agent sees the note and an assignment live', async () => {
		await expect(agent2.page.getByRole('listitem', { name: 'Internal note' })).toContainText(
			noteText
		);
		await agent.page.getByRole('button', { name: 'Assign to me' }).click();
		await expect(agent2.page.getByLabel('Assignee', { exact: true })).not.toHaveText('Nobody');
		await expect(agent2.page.getByRole('list', { name: 'Timeline' })).toContainText(/Assigned to/);
		await expectNotReloaded(agent2.page);
	});

	await test.step('the agent solves the ticket and the customer sees it live', async () => {
		await choose(agent.page, 'Status', 'Solved');
		await expect(agent.page.getByText('Status saved')).toBeVisible();
		await expect(client.page.getByText('Solved', { exact: true }).first()).toBeVisible();
		await expect(client.page.getByRole('list', { name: 'Conversation' })).toContainText(
			'Status changed from Open to Solved'
		);
		await expectNotReloaded(client.page);
		await visit(agent.page, '/agent');
		await expect(agent.page.getByRole('link', { name: subject })).toHaveCount(0);
	});

	await test.step("the note's text never reached the customer's browser", async () => {
		await expect(client.page.getByText(noteText)).toHaveCount(0);
		// Nor the agents-only assignment history.
		await expect(client.page.getByText(/Assigned to/)).toHaveCount(0);
		expect(network.frameCount()).toBeGreaterThan(0);
		const received = await network.received();
		expect(received.some((text) => text.includes(replyText))).toBe(true);
		expect(received.filter((text) => text.includes(noteText))).toEqual([]);
	});

	for (const { context } of [client, agent, agent2]) await context.close();
});

test("the admin's open counts follow new tickets live", async ({ browser }) => {
	const admin = await openAs(browser, demo.admin);
	const openCount = admin.page
		.getByRole('region', { name: 'Open tickets by status' })
		.getByRole('definition')
		.first();
	await expect(connection(admin.page)).toHaveText('Live');
	const before = Number(await openCount.textContent());
	await markPage(admin.page);

	const customer = await nodeClient(demo.client2);
	const { data: session } = await customer.auth.getSession();
	const { error } = await customer.from('tickets').insert({
		subject: unique('Counting'),
		description: 'One more.',
		customer_id: session.session!.user.id
	});
	expect(error).toBeNull();

	await expect(openCount).toHaveText(String(before + 1));
	await expectNotReloaded(admin.page);
	await admin.context.close();
});
