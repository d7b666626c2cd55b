// The admin portal as an admin uses it: people (role changes that re-route open tabs, deactivation
// that signs a person out everywhere, invitations), teams, the audit log and its export, and the
// realtime diagnostics. People the tests change are created for the test, never the demo accounts.
import { expect, test, type Page } from '@playwright/test';

// Several browsers at once and the Auth admin API: a slow test's budget on a shared machine.
test.beforeEach(() => test.slow());
import {
	choose,
	connection,
	demo,
	demoPassword,
	expectNotReloaded,
	markPage,
	nodeClient,
	openAs,
	openAt,
	serviceClient,
	submitSignIn,
	unique
} from './support/accounts';
import { reload, visit } from './support/pages';

type Role = 'client' | 'agent' | 'admin';

/** A new confirmed account with `role`, signed in with the demo password. */
async function createPerson(role: Role) {
	const name = unique('Pat Person');
	const email = `${name.split(' ').pop()}@people.test`;
	const service = serviceClient();
	const { data, error } = await service.auth.admin.createUser({
		email,
		password: demoPassword,
		email_confirm: true,
		user_metadata: { full_name: name }
	});
	if (error) throw error;
	const updated = await service.from('profiles').update({ role }).eq('id', data.user.id);
	if (updated.error) throw updated.error;
	return { id: data.user.id, email, name };
}

async function openPerson(page: Page, email: string, name: string) {
	await visit(page, `/admin/people?q=${encodeURIComponent(email)}`);
	await page.getByRole('link', { name }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

test.describe('people', () => {
	test("changing an agent to a customer moves the agent's open tab to the client portal, without a reload", async ({
		browser
	}) => {
		const agent = await createPerson('agent');
		const agentTab = await openAs(browser, agent.email);
		await expect(agentTab.page).toHaveURL('/agent');
		await markPage(agentTab.page);

		const admin = await openAs(browser, demo.admin);
		await openPerson(admin.page, agent.email, agent.name);
		await choose(admin.page, 'Role', 'Customer');
		await admin.page.getByRole('button', { name: 'Save changes' }).click();
		await expect(admin.page.getByText('Changes saved')).toBeVisible();

		await expect(agentTab.page).toHaveURL('/client');
		await expect(agentTab.page.getByRole('heading', { level: 1 })).toHaveText('My tickets');
		await expectNotReloaded(agentTab.page);

		// The audit log names who did it and what changed.
		await visit(admin.page, `/admin/audit?target=${encodeURIComponent(agent.email)}`);
		const row = admin.page
			.getByRole('row')
			.filter({ hasText: 'Changed role' })
			.filter({ hasText: demo.admin });
		await expect(row).toContainText(demo.admin);
		await expect(row).toContainText('role: agent → client');

		await agentTab.context.close();
		await admin.context.close();
	});

	test('deactivation signs the person out of every tab and keeps them out until reactivated', async ({
		browser
	}) => {
		const agent = await createPerson('agent');
		const first = await openAs(browser, agent.email);
		const second = await openAs(browser, agent.email);

		const admin = await openAs(browser, demo.admin);
		await openPerson(admin.page, agent.email, agent.name);
		await admin.page.getByRole('button', { name: 'Deactivate…' }).click();
		await admin.page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
		await expect(admin.page.getByText('Deactivated and signed out everywhere')).toBeVisible();

		await expect(first.page).toHaveURL(/\/login/);
		await expect(second.page).toHaveURL(/\/login/);
		await submitSignIn(first.page, agent.email);
		await expect(first.page.getByRole('alert')).toHaveText(
			'This account is blocked. Contact support.'
		);

		await admin.page.getByRole('button', { name: 'Reactivate' }).click();
		await expect(admin.page.getByText('Reactivated: they can sign in again')).toBeVisible();
		await submitSignIn(first.page, agent.email);
		await expect(first.page).toHaveURL('/agent');

		for (const tab of [first, second, admin]) await tab.context.close();
	});

	test('an admin must confirm before demoting themselves, and the last admin stays an admin', async ({
		browser
	}) => {
		await openAs(browser, demo.admin).then(async ({ page: adminPage, context }) => {
			await openPerson(adminPage, demo.admin, 'Morgan Admin');
			await choose(adminPage, 'Role', 'Agent');
			const save = adminPage.getByRole('button', { name: 'Save changes' });
			await expect(save).toBeDisabled();
			await adminPage
				.getByLabel('I understand that I will lose admin access as soon as I save.')
				.check();
			await save.click();
			await expect(adminPage.getByRole('main').getByRole('alert')).toContainText(
				`${demo.admin} is the last active admin. Make someone else an admin first, then change this person.`
			);
			await reload(adminPage);
			await expect(adminPage.getByLabel('Role', { exact: true })).toHaveText('Admin');
			await expect(
				adminPage.getByText('You cannot deactivate yourself. Ask another admin.')
			).toBeVisible();
			await context.close();
		});
	});

	test('invites a person with a name, lists them as invited, and revokes the invitation', async ({
		browser
	}) => {
		const email = `${unique('invitee').split(' ').pop()}@people.test`;
		const admin = await openAt(browser, demo.admin, '/admin/people');
		await admin.page.getByRole('button', { name: 'Invite' }).click();
		const dialog = admin.page.getByRole('dialog');
		await dialog.getByLabel('Full name').fill('Ivy Invitee');
		await dialog.getByLabel('Email').fill(email);
		await dialog.getByRole('button', { name: 'Send invitation' }).click();
		await expect(admin.page.getByText(`Invitation sent to ${email}`)).toBeVisible();

		await visit(admin.page, '/admin/people?status=invited');
		const row = admin.page.getByRole('row').filter({ hasText: email });
		await expect(row).toContainText('Ivy Invitee');
		await expect(row).toContainText('Invited');

		// Inviting the same address again is refused while they have an account.
		await admin.page.getByRole('button', { name: 'Invite' }).click();
		await dialog.getByLabel('Full name').fill('Ivy Again');
		await dialog.getByLabel('Email').fill(email);
		await dialog.getByRole('button', { name: 'Send invitation' }).click();
		await expect(dialog.getByRole('alert')).toHaveText('That person already has an account.');
		await admin.page.keyboard.press('Escape');

		await admin.page.getByRole('link', { name: 'Ivy Invitee' }).click();
		await admin.page.getByRole('button', { name: 'Revoke…' }).click();
		await admin.page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click();
		await expect(admin.page).toHaveURL('/admin/people');
		await visit(admin.page, `/admin/people?q=${encodeURIComponent(email)}`);
		await expect(admin.page.getByText('Nobody matches')).toBeVisible();
		await admin.context.close();
	});
});

test.describe('view as', () => {
	test("shows a customer's own tickets and never an internal note, with nothing to edit", async ({
		browser
	}) => {
		const service = serviceClient();
		const { data: customer } = await service
			.from('profiles')
			.select('id, full_name')
			.eq('email', demo.client)
			.single();
		const { data: own } = await service
			.from('tickets')
			.select('id, subject')
			.eq('customer_id', customer!.id)
			.order('updated_at', { ascending: false })
			.limit(100);
		const note = unique('Internal: customer may churn');
		const { data: agent } = await service
			.from('profiles')
			.select('id')
			.eq('email', demo.agent)
			.single();
		const inserted = await service.from('ticket_activities').insert({
			ticket_id: own![0].id,
			author_id: agent!.id,
			kind: 'note',
			body: note,
			is_internal: true
		});
		expect(inserted.error).toBeNull();

		const admin = await openAt(browser, demo.admin, `/admin/people/${customer!.id}`);
		const page = admin.page;
		await page.getByRole('link', { name: 'View as' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Viewing as' })).toContainText(
			`Viewing as ${customer!.full_name} (read-only)`
		);
		const rows = page
			.getByRole('table', { name: `Tickets ${customer!.full_name} sees` })
			.getByRole('row');
		await expect(rows).toHaveCount(own!.length + 1);
		await page.getByRole('link', { name: own![0].subject }).click();
		await expect(page.getByRole('list', { name: 'Conversation' })).toBeVisible();
		await expect(page.getByText(note)).toHaveCount(0);
		await expect(page.getByRole('main').getByRole('textbox')).toHaveCount(0);
		await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);

		await visit(
			page,
			`/admin/audit?action=person.viewed_as&target=${encodeURIComponent(demo.client)}`
		);
		await expect(page.getByRole('row').filter({ hasText: 'Viewed as' }).first()).toContainText(
			demo.admin
		);

		await visit(page, `/admin/people/${customer!.id}/view-as`);
		await page.getByRole('link', { name: 'Stop viewing as' }).click();
		await expect(page).toHaveURL(`/admin/people/${customer!.id}`);
		await admin.context.close();
	});
});

test.describe('teams', () => {
	test('creates a team, adds a member with skills, renames it and deletes it', async ({
		browser
	}) => {
		const agent = await createPerson('agent');
		const name = unique('Escalations');
		const admin = await openAt(browser, demo.admin, '/admin/teams');
		const page = admin.page;
		await page.getByRole('button', { name: 'New team' }).click();
		await page.getByRole('dialog').getByLabel('Name').fill(name);
		await page
			.getByRole('dialog')
			.getByLabel('Description')
			.fill('Tickets that need a second look.');
		await page.getByRole('dialog').getByRole('button', { name: 'Create team' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);

		await choose(page, 'Add a member', agent.name);
		await page.getByLabel('Skills', { exact: true }).fill('VIP, refunds, vip');
		await page.getByRole('button', { name: 'Add', exact: true }).click();
		await expect(page.getByLabel(`Skills of ${agent.name}`)).toHaveValue('vip, refunds');
		// On a phone the member's row fits the card: its Remove button is in view, not scrolled off it.
		const viewport = page.viewportSize();
		await page.setViewportSize({ width: 390, height: 844 });
		await expect(page.getByRole('button', { name: `Remove ${agent.name}` })).toBeInViewport({
			ratio: 1
		});
		if (viewport) await page.setViewportSize(viewport);

		const renamed = `${name} (tier 2)`;
		await page.getByLabel('Name', { exact: true }).fill(renamed);
		await page.getByRole('button', { name: 'Save team' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(renamed);

		// A second team with the same name is refused with a clear message.
		await visit(page, '/admin/teams');
		await page.getByRole('button', { name: 'New team' }).click();
		await page.getByRole('dialog').getByLabel('Name').fill(renamed);
		await page.getByRole('dialog').getByRole('button', { name: 'Create team' }).click();
		await expect(page.getByRole('dialog').getByRole('alert')).toHaveText(
			`There is already a team named “${renamed}”.`
		);
		await page.keyboard.press('Escape');

		await page.getByRole('link', { name: renamed }).click();
		await page.getByRole('button', { name: 'Delete team…' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Delete team' }).click();
		await expect(page).toHaveURL('/admin/teams');
		await expect(page.getByRole('link', { name: renamed })).toHaveCount(0);

		await visit(page, `/admin/audit?target=${encodeURIComponent(name)}`);
		await expect(page.getByRole('row').filter({ hasText: 'Created team' })).toHaveCount(1);
		await visit(page, `/admin/audit?target=${encodeURIComponent(renamed)}`);
		await expect(page.getByRole('row').filter({ hasText: 'Deleted team' })).toHaveCount(1);
		await admin.context.close();
	});
});

test.describe('settings', () => {
	test('on a phone the list of settings pages shows the page being shown', async ({ browser }) => {
		const { context, page } = await openAt(
			browser,
			demo.admin,
			'/admin/settings/automations',
			undefined,
			{ viewport: { width: 390, height: 844 } }
		);
		const pages = page.getByRole('navigation', { name: 'Settings' });
		await expect(pages.getByRole('link', { name: 'Automations' })).toBeInViewport({ ratio: 1 });
		await context.close();
	});

	test('each settings page creates, refuses bad input in the database’s words, edits and deletes, audited', async ({
		browser
	}) => {
		const { context, page } = await openAt(browser, demo.admin, '/admin/settings');
		const dialog = page.getByRole('dialog');
		const toast = (text: string) => page.locator('[data-sonner-toast]').filter({ hasText: text });
		const audited = async (query: string, action: string) => {
			await visit(page, `/admin/audit?${query}`);
			await expect(page.getByRole('row').filter({ hasText: action }).first()).toBeVisible();
		};

		// General: the address is checked before the database sees it; a good one is saved.
		await expect(connection(page)).toHaveText('Live');
		await page.getByLabel('Support email').fill('help@acme');
		await page.getByRole('button', { name: 'Save business details' }).click();
		await expect(page.getByLabel('Support email')).toHaveAccessibleDescription(
			/That does not look like an email address/
		);
		await page.getByLabel('Support email').fill('help@autocrm.test');
		await page.getByRole('button', { name: 'Save business details' }).click();
		await expect(toast('Business details saved')).toBeVisible();
		await audited('action=settings.updated', 'Changed settings');

		// Ticket fields: repeated options are refused by the database, beside the options.
		const label = unique('Plan tier');
		await visit(page, '/admin/settings/fields');
		await page.getByRole('button', { name: 'New field' }).first().click();
		await dialog.getByLabel('Label').fill(label);
		await choose(page, 'Type', 'Dropdown');
		await dialog.getByLabel('Options').fill('Gold\nSilver\nGold');
		await dialog.getByRole('button', { name: 'Add field' }).click();
		await expect(dialog.getByLabel('Options')).toHaveAccessibleDescription(
			/must be different from each other/
		);
		await dialog.getByLabel('Options').fill('Gold\nSilver');
		await dialog.getByRole('button', { name: 'Add field' }).click();
		await expect(toast('Field added')).toBeVisible();
		await page.getByRole('button', { name: `Edit ${label}` }).click();
		await dialog.getByLabel('Label').fill(`${label} (renamed)`);
		await dialog.getByRole('button', { name: 'Save field' }).click();
		await expect(page.getByRole('listitem', { name: `${label} (renamed)` })).toBeVisible();
		await page.getByRole('button', { name: `Delete ${label} (renamed)` }).click();
		await dialog.getByRole('button', { name: 'Delete field' }).click();
		await expect(page.getByRole('listitem', { name: `${label} (renamed)` })).toHaveCount(0);
		await audited(`target=${encodeURIComponent(label)}`, 'Created ticket field');

		// Ticket types: a taken name is refused.
		const type = unique('Refund request');
		await visit(page, '/admin/settings/types');
		for (const attempt of [0, 1]) {
			await page.getByRole('button', { name: 'New type' }).first().click();
			await dialog.getByLabel('Name').fill(type);
			await dialog.getByRole('button', { name: 'Add type' }).click();
			if (attempt === 0) await expect(toast('Type added')).toBeVisible();
		}
		await expect(dialog.getByLabel('Name')).toHaveAccessibleDescription(
			`There is already a type named “${type}”.`
		);
		await page.keyboard.press('Escape');
		await page.getByRole('button', { name: `Delete ${type}` }).click();
		await dialog.getByRole('button', { name: 'Delete type' }).click();
		await expect(page.getByRole('listitem', { name: type })).toHaveCount(0);
		await audited(`target=${encodeURIComponent(type)}`, 'Deleted ticket type');

		// Tags: a rename onto a tag in use is refused with the way out; a rename and a delete follow
		// every ticket.
		const tag = unique('zz-e2e').replace(' ', '-');
		const { data: customer } = await serviceClient()
			.from('profiles')
			.select('id')
			.eq('email', demo.client)
			.single();
		const ticket = await serviceClient()
			.from('tickets')
			.insert({
				customer_id: customer!.id,
				subject: 'Tagged for the tags page',
				description: 'A ticket to rename a tag on.',
				tags: [tag, 'billing']
			})
			.select('id')
			.single();
		expect(ticket.error).toBeNull();
		await visit(page, '/admin/settings/tags');
		await page.getByRole('button', { name: `Rename ${tag}` }).click();
		await dialog.getByLabel('New name').fill('billing');
		await dialog.getByRole('button', { name: 'Rename tag' }).click();
		await expect(dialog.getByLabel('New name')).toHaveAccessibleDescription(
			'A tag named "billing" already exists. Merge the two tags instead.'
		);
		await dialog.getByLabel('New name').fill(`${tag}-renamed`);
		await dialog.getByRole('button', { name: 'Rename tag' }).click();
		await expect(toast(`Renamed “${tag}” to “${tag}-renamed” on 1 ticket`)).toBeVisible();
		await page.getByRole('button', { name: `Delete ${tag}-renamed` }).click();
		await dialog.getByRole('button', { name: 'Delete tag' }).click();
		await expect(page.getByRole('listitem', { name: `${tag}-renamed` })).toHaveCount(0);
		const { data: after } = await serviceClient()
			.from('tickets')
			.select('tags')
			.eq('id', ticket.data!.id)
			.single();
		expect(after?.tags).toEqual(['billing']);
		await audited(`target=${encodeURIComponent(tag)}`, 'Renamed tag');

		// Macros: an unknown placeholder is refused beside the text.
		const macro = unique('Refund sent');
		await visit(page, '/admin/settings/macros');
		await page.getByRole('button', { name: 'New macro' }).first().click();
		await dialog.getByLabel('Name').fill(macro);
		await dialog.getByLabel('Text').fill('Hi {{customer.firstname}}, your refund is on its way.');
		await dialog.getByRole('button', { name: 'Add macro' }).click();
		await expect(dialog.getByLabel('Text')).toHaveAccessibleDescription(
			/Unknown placeholder \{\{customer\.firstname\}\}/
		);
		await dialog.getByLabel('Text').fill('Hi {{customer.first_name}}, your refund is on its way.');
		await choose(page, 'Set status', 'Pending');
		await dialog.getByRole('button', { name: 'Add macro' }).click();
		await expect(toast('Macro added')).toBeVisible();
		await page.getByRole('button', { name: `Edit ${macro}` }).click();
		await expect(dialog.getByLabel('Set status')).toHaveText('Pending');
		await dialog.getByLabel('Description').fill('When the refund left our bank.');
		await dialog.getByRole('button', { name: 'Save macro' }).click();
		await expect(toast('Macro saved')).toBeVisible();
		await page.getByRole('button', { name: `Delete ${macro}` }).click();
		await dialog.getByRole('button', { name: 'Delete macro' }).click();
		await expect(page.getByRole('listitem', { name: macro })).toHaveCount(0);
		await audited(`target=${encodeURIComponent(macro)}`, 'Deleted macro');

		// Business hours: overlapping hours are refused beside the day they are on.
		const calendar = unique('Support NYC');
		await visit(page, '/admin/settings/business-hours');
		await page.getByRole('button', { name: 'New calendar' }).first().click();
		await dialog.getByLabel('Name').fill(calendar);
		await dialog.getByLabel('Time zone').fill('America/New_York');
		await dialog.getByLabel('Tuesday').fill('09:00–13:00, 12:00–17:00');
		await dialog.getByRole('button', { name: 'Add calendar' }).click();
		await expect(dialog.getByLabel('Tuesday')).toHaveAccessibleDescription(
			'Opening hours: on Tuesday 12:00–17:00 overlaps 09:00–13:00.'
		);
		await dialog.getByLabel('Tuesday').fill('09:00–12:00, 13:00–17:00');
		await dialog.getByRole('button', { name: 'Add calendar' }).click();
		await expect(toast('Calendar added')).toBeVisible();
		await page.getByRole('button', { name: `Edit ${calendar}` }).click();
		await expect(dialog.getByLabel('Tuesday')).toHaveValue('09:00–12:00, 13:00–17:00');
		await dialog.getByLabel('Holidays').fill('2026-11-26 Thanksgiving');
		await dialog.getByRole('button', { name: 'Save calendar' }).click();
		await expect(toast('Calendar saved')).toBeVisible();
		await page.getByRole('button', { name: `Delete ${calendar}` }).click();
		await dialog.getByRole('button', { name: 'Delete calendar' }).click();
		await expect(page.getByRole('listitem', { name: calendar })).toHaveCount(0);
		await audited(`target=${encodeURIComponent(calendar)}`, 'Deleted calendar');

		// SLA policies: a zero target is refused by the database, at its cell.
		const policy = unique('Enterprise');
		await visit(page, '/admin/settings/sla');
		await page.getByRole('button', { name: 'New policy' }).first().click();
		await dialog.getByLabel('Name', { exact: true }).fill(policy);
		await dialog.getByLabel('Urgent first response').fill('0');
		await dialog.getByLabel('Urgent', { exact: true }).check();
		await dialog.getByRole('button', { name: 'Add policy' }).click();
		await expect(dialog.getByLabel('Urgent first response')).toHaveAttribute(
			'aria-invalid',
			'true'
		);
		await expect(dialog.getByRole('alert').first()).toContainText(
			'urgent first_response must be a positive whole number'
		);
		await dialog.getByLabel('Urgent first response').fill('30');
		await dialog.getByRole('button', { name: 'Add policy' }).click();
		await expect(toast('Policy added')).toBeVisible();
		await page.getByRole('button', { name: `Edit ${policy}` }).click();
		await expect(dialog.getByLabel('Urgent', { exact: true })).toBeChecked();
		await dialog.getByLabel('High first response').fill('120');
		await dialog.getByRole('button', { name: 'Save policy' }).click();
		await expect(toast('Policy saved')).toBeVisible();
		await page.getByRole('button', { name: `Delete ${policy}` }).click();
		await dialog.getByRole('button', { name: 'Delete policy' }).click();
		await expect(page.getByRole('listitem', { name: policy })).toHaveCount(0);
		await audited(`target=${encodeURIComponent(policy)}`, 'Deleted SLA policy');

		// Automations: an update rule without a condition is refused beside its event; the rule
		// saved runs on a new ticket and names itself in the history; edited, switched off (then it
		// no longer runs) and deleted.
		const rule = unique('Printers are hardware');
		const word = unique('printer');
		await visit(page, '/admin/settings/automations');
		await page.getByRole('button', { name: 'New rule' }).first().click();
		await dialog.getByLabel('Name', { exact: true }).fill(rule);
		await choose(page, 'Ticket event', 'A ticket is updated');
		await dialog.getByLabel('Add tags').fill('hardware');
		await dialog.getByRole('button', { name: 'Add rule' }).click();
		await expect(dialog.getByLabel('Ticket event')).toHaveAccessibleDescription(
			/an update rule needs a condition/
		);
		await choose(page, 'Ticket event', 'A ticket is created');
		await dialog.getByLabel('Subject contains any of').fill(word);
		await dialog.getByLabel('Internal note').fill('Check the toner first.');
		await dialog.getByRole('button', { name: 'Add rule' }).click();
		await expect(toast('Rule added')).toBeVisible();
		const customerApi = await nodeClient(demo.client);
		const fileTicket = async () => {
			const { data, error } = await customerApi
				.from('tickets')
				.insert({ subject: `The ${word} jams`, description: 'Paper everywhere.' })
				.select('id')
				.single();
			expect(error).toBeNull();
			return data!.id;
		};
		const fired = await fileTicket();
		await visit(page, `/agent/tickets/${fired}`);
		await expect(page.getByText(`Automation “${rule}” ran`)).toBeVisible();
		await expect(page.getByText('Check the toner first.')).toBeVisible();
		await visit(page, '/admin/settings/automations');
		const listed = page.getByRole('listitem', { name: rule });
		await expect(listed).toContainText('Ran once');
		await page.getByRole('button', { name: `Edit ${rule}` }).click();
		await expect(dialog.getByLabel('Subject contains any of')).toHaveValue(word);
		await expect(dialog.getByLabel('Ticket event')).toHaveText('A ticket is created');
		await dialog.getByLabel('Description').fill('Hardware questions.');
		await dialog.getByRole('button', { name: 'Save rule' }).click();
		await expect(toast('Rule saved')).toBeVisible();
		await expect(listed).toContainText('Hardware questions.');
		const onSwitch = page.getByRole('switch', { name: `Run ${rule}` });
		await onSwitch.click();
		await expect(toast(`${rule} turned off`)).toBeVisible();
		await expect(onSwitch).toHaveAttribute('aria-checked', 'false');
		const quiet = await fileTicket();
		const runs = await serviceClient()
			.from('ticket_activities')
			.select('id')
			.eq('ticket_id', quiet)
			.eq('meta->automation->>name', rule);
		expect(runs.data).toEqual([]);
		await page.getByRole('button', { name: `Delete ${rule}` }).click();
		await dialog.getByRole('button', { name: 'Delete rule' }).click();
		await expect(listed).toHaveCount(0);
		await audited(`target=${encodeURIComponent(rule)}`, 'Deleted automation');
		await context.close();
	});
});

test.describe('overview', () => {
	test('lists the agents online now, live, with the availability they choose', async ({
		browser
	}) => {
		const admin = await openAs(browser, demo.admin);
		await expect(connection(admin.page)).toHaveText('Live');
		await markPage(admin.page);
		const sam = admin.page
			.getByRole('list', { name: 'Agents online now' })
			.getByRole('listitem', { name: 'Sam Support' });

		const agent = await openAs(browser, demo.agent2);
		await expect(sam).toBeVisible();
		const chooseAvailability = async (status: 'Available' | 'Away') => {
			await agent.page.getByRole('button', { name: 'Account' }).click();
			await agent.page.getByRole('menuitemradio', { name: status }).click();
			await expect(agent.page.getByText(`You are ${status.toLowerCase()}`)).toBeVisible();
		};
		await chooseAvailability('Away');
		await expect(sam).toContainText('Away');
		await chooseAvailability('Available');
		await expect(sam).toContainText('Available');
		await expectNotReloaded(admin.page);
		for (const { context } of [admin, agent]) await context.close();
	});
});

test.describe('audit log', () => {
	test('refuses edits and deletions through the API, from admins and the service role alike', async () => {
		const admin = await nodeClient(demo.admin);
		const { data: rows } = await admin.from('audit_log').select('id').limit(1).single();
		expect(rows?.id).toBeDefined();
		for (const client of [admin, serviceClient()]) {
			const update = await client
				.from('audit_log')
				.update({ action: 'team.forged' })
				.eq('id', rows!.id);
			expect(update.error?.code).toBe('42501');
			const removal = await client.from('audit_log').delete().eq('id', rows!.id);
			expect(removal.error?.code).toBe('42501');
		}
		const agent = await nodeClient(demo.agent);
		const { data: seen } = await agent.from('audit_log').select('id');
		expect(seen).toEqual([]);
	});

	test('exports the filtered log as CSV', async ({ browser }) => {
		const admin = await openAs(browser, demo.admin);
		const response = await admin.page.request.get('/admin/audit/export.csv?action=team.created');
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="audit-log-/);
		const lines = (await response.text()).trim().split('\r\n');
		expect(lines[0]).toBe(
			'id,at,actor_id,actor,action,target_table,target_id,target,old_values,new_values'
		);
		expect(lines.length).toBeGreaterThan(1);
		expect(lines.slice(1).every((line) => line.includes(',team.created,teams,'))).toBe(true);
		await admin.context.close();
	});
});

test.describe('realtime diagnostics', () => {
	test("says a customer receives their own ticket and explains why not another customer's", async ({
		browser
	}) => {
		const service = serviceClient();
		const ticketOf = async (email: string) => {
			const { data } = await service
				.from('tickets')
				.select('id, customer:profiles!tickets_customer_id_fkey!inner(email)')
				.eq('customer.email', email)
				.limit(1)
				.single();
			return data!.id;
		};
		const own = await ticketOf(demo.client);
		const other = await ticketOf(demo.client2);

		const admin = await openAt(browser, demo.admin, '/admin/diagnostics');
		const page = admin.page;
		await page.getByLabel('Email').fill(demo.client);
		await page.getByRole('button', { name: 'Diagnose' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'checks' })).toHaveText(
			'All checks pass'
		);
		await expect(page.getByRole('list', { name: `Checks for ${demo.client}` })).toContainText(
			'`user_role` claim'
		);

		await page.getByLabel('Ticket number').fill(String(own));
		await page.getByRole('button', { name: 'Check', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: `ticket #${own}` })).toContainText(
			`Yes: ${demo.client} receives changes to ticket #${own}.`
		);

		await page.getByLabel('Ticket number').fill(String(other));
		await page.getByRole('button', { name: 'Check', exact: true }).click();
		const answer = page.getByRole('status').filter({ hasText: `ticket #${other}` });
		await expect(answer).toContainText(
			`No: ${demo.client} does not receive changes to ticket #${other}.`
		);
		await expect(answer).toContainText('RLS denies');
		await expect(answer).toContainText('which belongs to another customer');

		await page.getByLabel('Ticket number').fill('999999999');
		await page.getByRole('button', { name: 'Check', exact: true }).click();
		await expect(page.getByRole('main').getByText('There is no ticket #999999999.')).toBeVisible();
		await admin.context.close();
	});

	test("shows this tab's claims and channels and times a delivery", async ({ browser }) => {
		const admin = await openAt(browser, demo.admin, '/admin/diagnostics');
		const page = admin.page;
		const tab = page.getByRole('region', { name: 'This tab' });
		await expect(tab).toContainText('authenticated');
		await expect(tab).toContainText(/expires in \d+:\d\d/);
		await expect(page.getByRole('list', { name: 'Open channels' })).toContainText('probe:');
		const run = page.getByRole('button', { name: 'Run delivery test' });
		await expect(run).toBeEnabled();
		await run.click();
		await expect(page.getByText(/^Delivered \d+ ms after the click/)).toBeVisible();
		await admin.context.close();
	});

	test('a nonexistent person is named as such', async ({ browser }) => {
		const admin = await openAt(
			browser,
			demo.admin,
			'/admin/diagnostics?person=nobody@nowhere.test'
		);
		await expect(admin.page.getByText('Nobody found')).toBeVisible();
		await admin.context.close();
	});
});
