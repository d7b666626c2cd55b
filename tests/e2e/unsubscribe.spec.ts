// The unsubscribe link at the foot of every email: opening it changes nothing, the button turns
// every email off, "Subscribe again" turns them back on; a broken or unknown link says so. And the
// List-Unsubscribe header's one-click address (RFC 8058), which a mail client posts to.
import { expect, test } from '@playwright/test';
import { demo, nodeClient, serviceClient, unique } from './support/accounts';
import { allMail, mailTo } from './support/mail';
import { visit } from './support/pages';

const preferences = async (email: string) => {
	const { data, error } = await serviceClient()
		.from('notification_preferences')
		.select('email_ticket_received, email_agent_reply, email_ticket_solved, profiles!inner(email)')
		.eq('profiles.email', email)
		.single();
	if (error) throw error;
	return [data.email_ticket_received, data.email_agent_reply, data.email_ticket_solved];
};

test('a customer unsubscribes from the link in an email, and subscribes again', async ({
	page
}) => {
	const customer = await nodeClient(demo.client2);
	const { data: ticket, error } = await customer
		.from('tickets')
		.insert({ subject: unique('Invoice address'), description: 'Please change it.' })
		.select('id')
		.single();
	if (error) throw error;
	const mail = await mailTo(demo.client2, new RegExp(`\\[#${ticket.id}\\]`));
	const link = mail.links.find((href) => new URL(href).pathname === '/unsubscribe');
	expect(link, mail.links.join('\n')).toBeDefined();
	const { pathname, search } = new URL(link!);

	await test.step('opening the link only asks', async () => {
		await visit(page, pathname + search);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Unsubscribe from emails?');
		expect(await preferences(demo.client2)).toEqual([true, true, true]);
	});

	await test.step('Unsubscribe turns every email off', async () => {
		await page.getByRole('button', { name: 'Unsubscribe' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are unsubscribed');
		expect(await preferences(demo.client2)).toEqual([false, false, false]);
		await page.screenshot({ path: 'test-results/screens/unsubscribed.png', fullPage: true });
	});

	await test.step('Subscribe again turns them back on', async () => {
		await page.getByRole('button', { name: 'Subscribe again' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are subscribed again');
		expect(await preferences(demo.client2)).toEqual([true, true, true]);
	});
});

test('a broken or unknown unsubscribe link says so and changes nothing', async ({ page }) => {
	await visit(page, '/unsubscribe?token=not-a-token');
	await expect(page.getByRole('alert')).toContainText('This unsubscribe link is not complete');
	await expect(page.getByRole('button', { name: 'Unsubscribe' })).toHaveCount(0);

	await visit(page, `/unsubscribe?token=${'0'.repeat(48)}`);
	await page.getByRole('button', { name: 'Unsubscribe' }).click();
	await expect(page.getByRole('alert').first()).toContainText(
		'This unsubscribe link is no longer valid'
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Unsubscribe from emails?');
});

test('a mail client unsubscribes in one click (RFC 8058) without signing in, and the next email is not sent', async ({
	request
}) => {
	const customer = await nodeClient(demo.client2);
	const { data: ticket, error } = await customer
		.from('tickets')
		.insert({ subject: unique('Delivery address'), description: 'Please update it.' })
		.select('id')
		.single();
	if (error) throw error;
	const mail = await mailTo(demo.client2, new RegExp(`\\[#${ticket.id}\\]`));
	expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
	const address = /^<(https?:\/\/[^>]+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1];
	expect(address, JSON.stringify(mail.headers)).toMatch(/\/unsubscribe\/one-click\?token=/);
	const { pathname, search } = new URL(address!);
	const token = new URLSearchParams(search).get('token')!;
	const oneClick = (path: string, data = 'List-Unsubscribe=One-Click') =>
		request.post(path, {
			// From the mail provider's servers: another origin, no cookies.
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'https://mail.example'
			},
			data,
			maxRedirects: 0
		});

	await test.step('opening the address only leads to the page that asks', async () => {
		const response = await request.get(pathname + search, { maxRedirects: 0 });
		expect(response.status()).toBe(303);
		const { pathname: page, search: query } = new URL(response.headers().location, response.url());
		expect(page + query).toBe(`/unsubscribe?token=${token}`);
		expect(await preferences(demo.client2)).toEqual([true, true, true]);
	});

	await test.step('a post that is not one-click, or a broken or unknown token, is refused and changes nothing', async () => {
		const notOneClick = await oneClick(pathname + search, 'List-Unsubscribe=Yes');
		expect(notOneClick.status()).toBe(400);
		expect(await notOneClick.text()).toContain('List-Unsubscribe=One-Click');
		const broken = await oneClick('/unsubscribe/one-click?token=not-a-token');
		expect(broken.status()).toBe(400);
		expect(await broken.text()).toContain('This unsubscribe link is not complete');
		const unknown = await oneClick(`/unsubscribe/one-click?token=${'0'.repeat(48)}`);
		expect(unknown.status()).toBe(404);
		expect(await unknown.text()).toContain('This unsubscribe link is no longer valid');
		expect(await preferences(demo.client2)).toEqual([true, true, true]);
	});

	await test.step('the one-click post turns every email off', async () => {
		const response = await oneClick(pathname + search);
		expect(response.status()).toBe(200);
		expect(await response.text()).toContain('You are unsubscribed');
		expect(await preferences(demo.client2)).toEqual([false, false, false]);
	});

	await test.step('the agent’s next reply sends no email', async () => {
		const agent = await nodeClient(demo.agent);
		const { data: reply, error: replyError } = await agent
			.from('ticket_activities')
			.insert({ ticket_id: ticket.id, kind: 'reply', body: 'Updated.', is_internal: false })
			.select('id')
			.single();
		if (replyError) throw replyError;
		// The outbox is filled in the reply's own transaction: nothing was queued, so nothing can go.
		const { data: queued } = await serviceClient()
			.from('email_outbox')
			.select('id')
			.eq('activity_id', reply.id);
		expect(queued).toEqual([]);
		// And the mail catcher holds none: another customer's email, queued after it, arrives first.
		const other = await nodeClient(demo.client);
		const marker = unique('Marker after the unsubscribed reply');
		const { error: markerError } = await other
			.from('tickets')
			.insert({ subject: marker, description: 'For the email order.' });
		if (markerError) throw markerError;
		await mailTo(demo.client, new RegExp(marker));
		const toThem = (await allMail()).filter(
			(m) => m.to.includes(demo.client2) && m.subject.includes(`[#${ticket.id}]`)
		);
		expect(toThem.map((m) => m.subject)).toEqual([mail.subject]);
	});

	const { data: back } = await customer.rpc('resubscribe_to_emails', { token });
	expect(back).toBe(true);
});
