// SLAs and routing as an agent lives them, in one signed-in workspace: an SLA countdown ticks and
// turns red without a reload (its due time set seconds away through the service role), the ticket
// page shows each target, an agent who chose Away gets no new ticket, and once Available again a
// customer's new ticket is assigned to them in the filing transaction and appears in their
// My open tickets live.
import { expect, test, type Page } from '@playwright/test';
import {
	connection,
	demo,
	expectNotReloaded,
	markPage,
	nodeClient,
	openAs,
	serviceClient,
	unique
} from './support/accounts';
import { visit } from './support/pages';

const questionTypeId = '7e000000-0000-4000-8000-000000000001';
const supportTeamId = '7ea00000-0000-4000-8000-000000000001';

const service = serviceClient();

async function idOf(email: string) {
	const { data, error } = await service.from('profiles').select('id').eq('email', email).single();
	if (error) throw error;
	return data.id;
}

/** A question filed by the customer through the API: the automations send it to Support. */
async function fileQuestion(subject: string) {
	const customer = await nodeClient(demo.client);
	const { data, error } = await customer
		.from('tickets')
		.insert({
			subject,
			description: 'Filed for the SLA and routing tests.',
			type_id: questionTypeId
		})
		.select('id')
		.single();
	if (error) throw error;
	return data.id;
}

async function ticket(id: number) {
	const { data, error } = await service
		.from('tickets')
		.select('assignee_id, team_id')
		.eq('id', id)
		.single();
	if (error) throw error;
	return data;
}

async function chooseAvailability(page: Page, status: 'Available' | 'Away' | 'Offline') {
	await page.getByRole('button', { name: 'Account' }).click();
	await page.getByRole('menuitemradio', { name: status }).click();
	await expect(page.getByText(`You are ${status.toLowerCase()}`)).toBeVisible();
}

test('SLA countdowns turn red live, Away gets nothing, and new tickets reach an available agent live', async ({
	browser
}) => {
	const agentId = await idOf(demo.agent);
	const adminId = await idOf(demo.admin);
	// The agent is the only one in Support who can take a ticket: the admin (also a member) is
	// offline for this test, and the agent's cap is lifted so earlier tests' tickets do not fill it.
	const admin = await nodeClient(demo.admin);
	const { data: adminBefore } = await service
		.from('agent_status')
		.select('status')
		.eq('agent_id', adminId)
		.maybeSingle();
	const { data: member } = await service
		.from('team_members')
		.select('capacity')
		.eq('team_id', supportTeamId)
		.eq('agent_id', agentId)
		.single();
	await admin.rpc('set_availability', { status: 'offline' });
	await service
		.from('team_members')
		.update({ capacity: null })
		.eq('team_id', supportTeamId)
		.eq('agent_id', agentId);

	const { page, context } = await openAs(browser, demo.agent);
	try {
		await test.step('an SLA countdown ticks and turns red without a reload', async () => {
			const subject = unique('Clock question');
			const id = await fileQuestion(subject);
			// Urgent, so no escalation rule (which raises lower priorities at 80%) moves its targets.
			const { error: urgent } = await service
				.from('tickets')
				.update({ priority: 'urgent' })
				.eq('id', id);
			expect(urgent).toBeNull();
			await visit(page, `/agent?view=open&q=${encodeURIComponent(subject.split(' ').at(-1)!)}`);
			await expect(connection(page)).toHaveText('Live');
			await markPage(page);
			const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: subject }) });
			const clock = row.getByRole('timer');
			// How far off depends on the time of day (inside business hours, within the hour).
			await expect(clock).toHaveText(/^due in \d+ (min|h|d)/);
			await expect(clock).toHaveAttribute('data-sla', 'ok');

			const due = new Date(Date.now() + 8_000).toISOString();
			const { error } = await service
				.from('tickets')
				.update({ first_response_due_at: due })
				.eq('id', id);
			expect(error).toBeNull();
			// Seconds before the target, it is in its last quarter: amber, counting seconds.
			await expect(clock).toHaveText(/due in \d+ s/);
			await expect(clock).toHaveAttribute('data-sla', 'warning');
			await expect(clock).toHaveText(/overdue \d+ s/, { timeout: 20_000 });
			await expect(clock).toHaveAttribute('data-sla', 'breached');
			await expectNotReloaded(page);

			await row.getByRole('link', { name: subject }).click();
			const sla = page.getByRole('region', { name: 'SLA' });
			await expect(sla.getByRole('term')).toHaveText([
				/First response/,
				/Next response/,
				/Resolution/
			]);
			await expect(sla.getByRole('definition').first()).toHaveText(/overdue/);
			await expect(sla.getByRole('definition').nth(1)).toHaveText('No reply waiting');
			await expect(sla.getByRole('definition').nth(2)).toHaveText(/due in/);
		});

		await test.step('an agent who is Away gets no new ticket', async () => {
			await visit(page, '/agent?view=mine');
			await expect(connection(page)).toHaveText('Live');
			await chooseAvailability(page, 'Away');
			const id = await fileQuestion(unique('While away'));
			const filed = await ticket(id);
			expect(filed.team_id).toBe(supportTeamId);
			expect(filed.assignee_id).toBeNull();
		});

		await test.step('available again, a new ticket is assigned to them and appears live', async () => {
			await chooseAvailability(page, 'Available');
			await markPage(page);
			const subject = unique('Routed question');
			const id = await fileQuestion(subject);
			expect((await ticket(id)).assignee_id).toBe(agentId);
			await expect(page.getByRole('link', { name: subject })).toBeVisible();
			await expectNotReloaded(page);
		});
	} finally {
		await chooseAvailability(page, 'Available').catch(() => {});
		await admin.rpc('set_availability', { status: adminBefore?.status ?? 'available' });
		await service
			.from('team_members')
			.update({ capacity: member?.capacity ?? null })
			.eq('team_id', supportTeamId)
			.eq('agent_id', agentId);
		await context.close();
	}
});
