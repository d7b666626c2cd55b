// The agent's ticket page with two agents and the customer side by side: presence and typing,
// the traffic cop, edits that never overwrite a colleague's or get lost to a live update, drafts,
// files (and a customer never receiving an internal note's), macros and merging.
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	connection,
	demo,
	expectNotReloaded,
	markPage,
	nodeClient,
	openAs,
	openAt,
	unique
} from './support/accounts';
import { recordNetwork } from './support/network-recorder';
import { reload, visit } from './support/pages';

/** Files a ticket as a customer from Node and returns its id. */
async function fileTicket(email: string, subject = unique('Cannot export reports')) {
	const customer = await nodeClient(email);
	const { data: session } = await customer.auth.getSession();
	const { data, error } = await customer
		.from('tickets')
		.insert({
			subject,
			description: 'The export button does nothing.',
			customer_id: session.session!.user.id
		})
		.select('id')
		.single();
	if (error) throw error;
	return { id: data.id as number, customer };
}

const composer = (page: Page) => page.getByRole('region', { name: 'Composer' });
const timeline = (page: Page) => page.getByRole('list', { name: 'Timeline' });

async function openTicket(page: Page, id: number) {
	await visit(page, `/agent/tickets/${id}`);
	await expect(connection(page)).toHaveText('Live');
}

/** A new context signed in as `email` on the ticket's agent page, live. */
async function openTicketAs(browser: Browser, email: string, id: number) {
	const opened = await openAt(browser, email, `/agent/tickets/${id}`);
	await expect(connection(opened.page)).toHaveText('Live');
	return opened;
}

test('two agents on one ticket: presence, the traffic cop, no lost edits, drafts', async ({
	browser
}) => {
	const { id, customer } = await fileTicket(demo.client);
	const agent = await openTicketAs(browser, demo.agent, id);
	const agent2 = await openTicketAs(browser, demo.agent2, id);

	await test.step('each sees the other viewing, then typing, and the indicator goes when they leave', async () => {
		await expect(agent2.page.getByText('Alex Agent is viewing')).toBeVisible();
		await composer(agent.page).getByRole('textbox', { name: 'Reply' }).fill('Looking into it');
		await expect(agent2.page.getByText('Alex Agent is typing a reply')).toBeVisible();
		await visit(agent.page, '/agent');
		await expect(agent2.page.getByText(/Alex Agent is/)).toHaveCount(0);
		await openTicket(agent.page, id);
		await expect(agent2.page.getByText('Alex Agent is viewing')).toBeVisible();
	});

	await test.step('the draft survived leaving the page, and survives a reload', async () => {
		const box = composer(agent.page).getByRole('textbox', { name: 'Reply' });
		await expect(box).toHaveValue('Looking into it');
		await reload(agent.page);
		await expect(box).toHaveValue('Looking into it');
	});

	await test.step('a customer reply that arrives while writing holds the send', async () => {
		const followUp = unique('Also, the PDF export fails');
		const { error } = await customer
			.from('ticket_activities')
			.insert({ ticket_id: id, kind: 'reply', body: followUp });
		expect(error).toBeNull();
		await expect(timeline(agent.page)).toContainText(followUp);
		await composer(agent.page).getByRole('button', { name: 'Send', exact: true }).click();
		const held = composer(agent.page).getByRole('alert');
		await expect(held).toContainText('A new message arrived while you were writing');
		await expect(held).toContainText(followUp);
		await held.getByRole('button', { name: 'Send anyway' }).click();
		await expect(agent.page.getByText('Reply sent')).toBeVisible();
		await expect(
			timeline(agent2.page).getByRole('listitem', { name: 'Reply' }).last()
		).toContainText('Looking into it');
		await expect(composer(agent.page).getByRole('textbox', { name: 'Reply' })).toHaveValue('');
	});

	await test.step('a field being edited survives a live update, and the colleague’s change is not overwritten', async () => {
		const browserField = agent.page.getByRole('textbox', { name: 'Browser' });
		await browserField.fill('Firefox 128');
		await agent2.page.getByLabel('Priority', { exact: true }).click();
		await agent2.page.getByRole('option', { name: 'Urgent', exact: true }).click();
		await expect(agent2.page.getByText('Priority saved')).toBeVisible();
		// The live update reached the first agent's page, and left the field they are in alone.
		await expect(agent.page.getByLabel('Priority', { exact: true })).toHaveText('Urgent');
		await expect(browserField).toHaveValue('Firefox 128');
		await browserField.press('Enter');
		const notice = agent.page.getByRole('alert').filter({ hasText: 'Someone changed this ticket' });
		await expect(notice).toContainText('Priority is now Urgent');
		await notice.getByRole('button', { name: 'Save mine anyway' }).click();
		await expect(agent.page.getByText('Browser saved')).toBeVisible();
		await expect(agent2.page.getByRole('textbox', { name: 'Browser' })).toHaveValue('Firefox 128');
		await expect(agent2.page.getByLabel('Priority', { exact: true })).toHaveText('Urgent');
	});

	for (const { context } of [agent, agent2]) await context.close();
});

test('files: uploaded with their message, shown as thumbnails, never reaching the customer from a note', async ({
	browser
}) => {
	const { id } = await fileTicket(demo.client);
	const agent = await openTicketAs(browser, demo.agent, id);
	const png = Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
		'base64'
	);
	const secretName = `${unique('internal-log').replace(/\s/g, '-')}.png`;

	await test.step('a file that lies about its type is refused before upload', async () => {
		const chooser = agent.page.waitForEvent('filechooser');
		await composer(agent.page).getByRole('button', { name: 'Attach files' }).click();
		await (
			await chooser
		).setFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('<script>') });
		await expect(
			agent.page.getByText('fake.png does not contain what its name says')
		).toBeVisible();
		await expect(composer(agent.page).getByRole('list', { name: 'Attached files' })).toHaveCount(0);
	});

	await test.step('an image goes up with the note and shows as a thumbnail that opens in a lightbox', async () => {
		await composer(agent.page).getByRole('radio', { name: 'Internal note' }).click();
		const chooser = agent.page.waitForEvent('filechooser');
		await composer(agent.page).getByRole('button', { name: 'Attach files' }).click();
		await (await chooser).setFiles({ name: secretName, mimeType: 'image/png', buffer: png });
		const attached = composer(agent.page).getByRole('list', { name: 'Attached files' });
		await expect(attached).toContainText(secretName);
		await expect(attached.getByRole('progressbar')).toHaveCount(0);
		await composer(agent.page)
			.getByRole('textbox', { name: 'Internal note' })
			.fill('Log attached.');
		await composer(agent.page).getByRole('button', { name: 'Add note' }).click();
		await expect(agent.page.getByText('Internal note added')).toBeVisible();
		const note = timeline(agent.page).getByRole('listitem', { name: 'Internal note' }).last();
		await note.getByRole('button', { name: `Open ${secretName}` }).click();
		const lightbox = agent.page.getByRole('dialog');
		await expect(lightbox.getByRole('img', { name: secretName })).toBeVisible();
		await expect(lightbox.getByRole('link', { name: 'Download' })).toHaveAttribute(
			'href',
			/\/storage\/v1\/object\/sign\/attachments\/.*download=/
		);
	});

	await test.step('the customer never receives the note’s file, in any response or frame', async () => {
		let network!: ReturnType<typeof recordNetwork>;
		const client = await openAs(browser, demo.client, (_context, page) => {
			network = recordNetwork(page);
		});
		await visit(client.page, `/client/tickets/${id}`);
		await expect(connection(client.page)).toHaveText('Live');
		await expect(client.page.getByText('The export button does nothing.')).toBeVisible();
		const received = await network.received();
		expect(received.filter((text) => text.includes(secretName))).toEqual([]);
		await client.context.close();
	});

	await agent.context.close();
});

test('a macro fills in its placeholders and changes the ticket; merging closes the source', async ({
	browser
}) => {
	const { id: target } = await fileTicket(demo.client, unique('Export broken'));
	const { id: source } = await fileTicket(demo.client, unique('Export still broken'));
	const agent = await openTicketAs(browser, demo.agent, source);

	await test.step('the macro is previewed, then applied: text in the composer, status set', async () => {
		await composer(agent.page).getByRole('button', { name: 'Macros' }).click();
		await agent.page.getByRole('option', { name: /Password reset instructions/ }).click();
		const preview = agent.page.getByRole('dialog');
		await expect(preview).toContainText('Hi Casey,');
		await expect(preview).toContainText('enter client@autocrm.test');
		await expect(preview).toContainText('Status: Open → Pending');
		await preview.getByRole('button', { name: 'Apply macro' }).click();
		// The toast; the timeline's history row says the same once the page has reloaded.
		await expect(
			agent.page
				.getByRole('region', { name: /^Notifications/ })
				.getByText('Macro “Password reset instructions” applied')
		).toBeVisible();
		await expect(composer(agent.page).getByRole('textbox', { name: 'Reply' })).toHaveValue(
			/^Hi Casey,/
		);
		await expect(agent.page.getByLabel('Status', { exact: true })).toHaveText('Pending');
		await composer(agent.page).getByRole('button', { name: 'Discard draft' }).click();
	});

	await test.step('merging into another ticket of the customer closes it and links both ways', async () => {
		await agent.page.getByRole('button', { name: 'Merge into…' }).click();
		const dialog = agent.page.getByRole('dialog');
		await dialog.getByRole('textbox', { name: 'Ticket number' }).fill(String(source));
		await dialog.getByRole('button', { name: `Merge and close #${source}` }).click();
		await expect(dialog.getByText('A ticket cannot be merged into itself.')).toBeVisible();
		await dialog.getByRole('textbox', { name: 'Ticket number' }).fill(String(target));
		await dialog.getByRole('button', { name: `Merge and close #${source}` }).click();
		await expect(agent.page).toHaveURL(new RegExp(`/agent/tickets/${target}`));
		await expect(timeline(agent.page)).toContainText(`Ticket #${source} was merged into this one`);
	});

	await test.step('the customer sees where their conversation went', async () => {
		const client = await openAt(browser, demo.client, `/client/tickets/${source}`);
		await expect(client.page.getByText(`Merged into #${target}`)).toBeVisible();
		await client.context.close();
	});

	await agent.context.close();
});

test('a long timeline: the newest page first, earlier pages on demand by keyset, live replies added in place', async ({
	browser
}) => {
	const { id, customer } = await fileTicket(demo.client, unique('A long conversation'));
	// 95 replies in one insert: one transaction, so one created_at, and only the id orders them.
	const label = (n: number) => `Message ${String(n).padStart(3, '0')}.`;
	const number = (text: string | null) => Number(/Message (\d{3})\./.exec(text ?? '')?.[1]);
	const { error } = await customer.from('ticket_activities').insert(
		Array.from({ length: 95 }, (_, i) => ({
			ticket_id: id,
			kind: 'reply' as const,
			body: label(i + 1)
		}))
	);
	expect(error).toBeNull();
	// The whole timeline as the database orders it (the ticket's own history rows come first).
	const { data: all } = await (
		await nodeClient(demo.agent)
	)
		.from('ticket_activities')
		.select('kind, body')
		.eq('ticket_id', id)
		.order('created_at')
		.order('id');
	const numbersIn = (rows: { kind: string; body: string | null }[]) =>
		rows.filter((row) => row.kind === 'reply').map((row) => number(row.body));
	const agent = await openAs(browser, demo.agent);
	const timelineRequests: string[] = [];
	agent.page.on('request', (request) => {
		if (request.url().includes(`/agent/tickets/${id}/timeline`))
			timelineRequests.push(request.url());
	});
	await openTicket(agent.page, id);
	await markPage(agent.page);
	const replies = timeline(agent.page).getByRole('listitem', { name: 'Reply' });
	const count = agent.page.locator('#timeline-count');
	const shownNumbers = async () => (await replies.allTextContents()).map(number);

	await test.step('the page renders only the newest 40 items, and says how many there are', async () => {
		await expect(count).toHaveText(`Showing 40 of ${all!.length}`);
		expect(await shownNumbers()).toEqual(numbersIn(all!.slice(-40)));
	});

	await test.step('Show 40 earlier puts the page before in place above, by keyset, from the keyboard', async () => {
		const firstShown = replies.filter({ hasText: label(numbersIn(all!.slice(-40))[0]) });
		await firstShown.scrollIntoViewIfNeeded();
		const before = (await firstShown.boundingBox())!.y;
		const button = timeline(agent.page).getByRole('button', { name: 'Show 40 earlier' });
		await button.focus();
		await agent.page.keyboard.press('Enter');
		await expect(count).toHaveText(`Showing 80 of ${all!.length}`);
		expect(await shownNumbers()).toEqual(numbersIn(all!.slice(-80)));
		// What the agent was reading did not move.
		expect(Math.abs((await firstShown.boundingBox())!.y - before)).toBeLessThan(2);
		const asked = new URL(timelineRequests.at(-1)!);
		expect(asked.searchParams.get('before')).toMatch(/~\d+$/);
		expect(asked.search).not.toMatch(/offset/i);
	});

	await test.step('the last page brings the rest, each once and in order, and the button goes', async () => {
		await timeline(agent.page)
			.getByRole('button', { name: /^Show \d+ earlier$/ })
			.click();
		await expect(count).toHaveText(`Showing all ${all!.length}`);
		expect(await shownNumbers()).toEqual(Array.from({ length: 95 }, (_, i) => 1 + i));
		await expect(timeline(agent.page).getByRole('button', { name: /earlier/ })).toHaveCount(0);
	});

	await test.step('a colleague’s reply appears at the end without reloading the page', async () => {
		const agent2 = await nodeClient(demo.agent2);
		const text = unique('Live reply on a long ticket');
		const posted = await agent2.rpc('post_message', {
			ticket_id: id,
			kind: 'reply',
			body: text,
			attachment_ids: []
		});
		expect(posted.error).toBeNull();
		await expect(replies.last()).toContainText(text);
		await expect(replies).toHaveCount(96);
		await expect(count).toHaveText(/^Showing all \d+$/);
		expect(await shownNumbers()).toEqual([...Array.from({ length: 95 }, (_, i) => 1 + i), NaN]);
		expect(timelineRequests.some((url) => new URL(url).searchParams.has('after'))).toBe(true);
		await expectNotReloaded(agent.page);
	});

	await agent.context.close();
});
