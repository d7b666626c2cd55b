// The unsubscribe link at the foot of every email: opening it changes nothing, the button turns
// every email off, "Subscribe again" turns them back on; a broken or unknown link says so.
import { expect, test } from '@playwright/test';
import { demo, nodeClient, serviceClient, unique } from './support/accounts';
import { mailTo } from './support/mail';

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
		await page.goto(pathname + search);
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
	await page.goto('/unsubscribe?token=not-a-token');
	await expect(page.getByRole('alert')).toContainText('This unsubscribe link is not complete');
	await expect(page.getByRole('button', { name: 'Unsubscribe' })).toHaveCount(0);

	await page.goto(`/unsubscribe?token=${'0'.repeat(48)}`);
	await page.getByRole('button', { name: 'Unsubscribe' }).click();
	await expect(page.getByRole('alert').first()).toContainText(
		'This unsubscribe link is no longer valid'
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Unsubscribe from emails?');
});
