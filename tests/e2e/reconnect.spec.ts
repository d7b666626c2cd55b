import { expect, test, type BrowserContext } from '@playwright/test';
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
import { crashStack, restartStack } from './support/dev-state';
import { visit } from './support/pages';

// Each test waits out a stack restart, which a starved machine can stretch to minutes; the waits
// below cap a hang, they do not time anything.
test.describe.configure({ timeout: 420_000 });
const afterRestart = { timeout: 180_000 };

/**
 * Routes the browser's realtime sockets through the test so it can hold them off while it writes:
 * shut, new sockets are closed at once (the page sees a connection drop, as during an outage).
 */
function realtimeGate() {
	let shut = false;
	return {
		shut: () => void (shut = true),
		open: () => void (shut = false),
		install: (context: BrowserContext) =>
			context.routeWebSocket(/\/realtime\/v1\/websocket/, (socket) => {
				if (shut) return socket.close({ code: 1012, reason: 'service restart' });
				socket.connectToServer();
			})
	};
}

test('after the stack restarts, both tabs reconnect and catch up without a reload', async ({
	browser
}) => {
	const gate = realtimeGate();
	const customer = await nodeClient(demo.client);
	const { data: session } = await customer.auth.getSession();
	const { data: ticket, error } = await customer
		.from('tickets')
		.insert({
			subject: unique('Restart'),
			description: 'Will you still hear me?',
			customer_id: session.session!.user.id
		})
		.select('id')
		.single();
	expect(error).toBeNull();

	const client = await openAt(browser, demo.client, `/client/tickets/${ticket!.id}`, (context) =>
		gate.install(context)
	);
	const agent = await openAt(browser, demo.agent, `/agent/tickets/${ticket!.id}`, (context) =>
		gate.install(context)
	);
	for (const { page } of [client, agent]) {
		await expect(connection(page)).toHaveText('Live');
		await markPage(page);
	}

	gate.shut();
	await restartStack();
	for (const { page } of [client, agent]) {
		await expect(connection(page)).toHaveText(/Reconnecting…|Offline/);
	}

	// Written while neither tab has a socket: only the catch-up after resubscribing can show it.
	const missed = unique('Written while you were away');
	const agentApi = await nodeClient(demo.agent);
	const { data: me } = await agentApi.auth.getUser();
	const reply = await agentApi.from('ticket_activities').insert({
		ticket_id: ticket!.id,
		author_id: me.user!.id,
		kind: 'reply',
		body: missed
	});
	expect(reply.error).toBeNull();
	for (const { page } of [client, agent]) {
		// Down for 10 s, the connection reads Offline rather than reconnecting for ever.
		await expect(connection(page)).toHaveText('Offline', afterRestart);
		await expect(page.getByText(missed)).toHaveCount(0);
	}

	gate.open();
	for (const { page } of [client, agent]) {
		await expect(connection(page)).toHaveText('Live', afterRestart);
		await expect(
			page.getByRole('listitem', { name: 'Reply' }).filter({ hasText: missed })
		).toBeVisible();
		await expectNotReloaded(page);
	}
	for (const { context } of [client, agent]) await context.close();
});

test('a crashed stack comes back by itself, and so does a page opened while it was down', async ({
	browser
}) => {
	const { context, page } = await openAs(browser, demo.agent);
	await expect(connection(page)).toHaveText('Live');
	// Read before the crash: once the socket drops, the queue refetches and may show the outage.
	const ticket = await page
		.getByRole('main')
		.locator('a[href*="/agent/tickets/"]')
		.first()
		.getAttribute('href');
	expect(ticket).toMatch(/^\/agent\/tickets\/\d+$/);

	const { release, back } = crashStack();
	const heading = page.getByRole('heading', { level: 1 });
	try {
		// Opened while the stack is down: the person is told the service is away, not sent to sign in.
		await visit(page, ticket!);
		await expect(heading).toHaveText('Temporarily unavailable');
		await expect(page).not.toHaveURL(/\/login/);
		await markPage(page);
	} finally {
		release();
	}
	await back;
	await expect(heading).not.toHaveText('Temporarily unavailable', afterRestart);
	await expect(page).toHaveURL(ticket!);
	await expect(connection(page)).toHaveText('Live', afterRestart);
	await expectNotReloaded(page);
	await context.close();
});
