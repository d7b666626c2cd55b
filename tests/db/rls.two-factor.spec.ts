// Two-factor sign-in enforced by the database: app_settings (readable by signed-in people, changed
// by admins only) and the restrictive aal2 policies on tickets, their history, their files, the
// attachment objects, the workspace's settings and the customer portal's links, notifications,
// outbox and email preferences, with the security definer functions that look past them. Sessions
// reach aal2 the way the app's do: a TOTP factor enrolled and verified
// through supabase-js.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { totpCode } from '../stack/fixtures/auth/totp';
import { demo, projectRoot } from './support/demo';
import { Feed } from './support/feed';
import { accessToken, claimsOf, everyone, signedIn, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
/** The agent, signed in a second time and stepped up to aal2 with a verified factor. */
let agentAal2: SupabaseClient;
let agentFactor: { id: string; secret: string };

async function stepUp(client: SupabaseClient): Promise<{ id: string; secret: string }> {
	const { data, error } = await client.auth.mfa.enroll({ factorType: 'totp' });
	if (error) throw error;
	const verified = await client.auth.mfa.challengeAndVerify({
		factorId: data.id,
		code: totpCode(data.totp.secret)
	});
	if (verified.error) throw verified.error;
	// supabase-js hands Realtime new tokens on sign-in and refresh, not on MFA verification.
	await client.realtime.setAuth(verified.data.access_token);
	return { id: data.id, secret: data.totp.secret };
}

beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
	// Enrolling in one session ends the user's other aal1 sessions (GoTrue does); sign in after.
	agentAal2 = await signedIn(stack, 'agent');
	agentFactor = await stepUp(agentAal2);
	as.agent = await signedIn(stack, 'agent');
});
afterAll(async () => {
	if (as) await Promise.all(Object.values(as).map((client) => client.removeAllChannels()));
	await agentAal2?.removeAllChannels();
	await stack?.stop();
});

const requireStaffMfa = (on: boolean) =>
	stack.db.query(`update public.app_settings set require_staff_mfa = $1`, [on]);
afterEach(() => requireStaffMfa(false));

const ticketCount = async (client: SupabaseClient) =>
	(await client.from('tickets').select('*', { count: 'exact', head: true })).count;

describe('app_settings', () => {
	it('is one row every signed-in person reads, and anonymous callers cannot', async () => {
		for (const who of ['client', 'agent', 'admin'] as const) {
			const { data, error } = await as[who].from('app_settings').select('require_staff_mfa');
			expect(error).toBeNull();
			expect(data).toEqual([{ require_staff_mfa: false }]);
		}
		const anon = await as.anon.from('app_settings').select('require_staff_mfa');
		expect(anon.error?.code).toBe('42501');
	});

	it('is changed by admins only, who are recorded as its last editor', async () => {
		for (const who of ['client', 'agent'] as const) {
			const { data } = await as[who]
				.from('app_settings')
				.update({ require_staff_mfa: true })
				.eq('id', true)
				.select();
			expect(data).toEqual([]);
		}
		const { data, error } = await as.admin
			.from('app_settings')
			.update({ require_staff_mfa: true, updated_by: demo.client.id })
			.eq('id', true)
			.select('require_staff_mfa, updated_by')
			.single();
		expect(error).toBeNull();
		expect(data).toEqual({ require_staff_mfa: true, updated_by: demo.admin.id });
	});

	it('never gains or loses its row through the API', async () => {
		const insert = await as.admin.from('app_settings').insert({ id: true });
		expect(insert.error?.code).toBe('42501');
		const remove = await as.admin.from('app_settings').delete().eq('id', true);
		expect(remove.error?.code).toBe('42501');
	});
});

describe('require two-factor for staff', () => {
	it('changes nothing while it is off', async () => {
		expect(claimsOf(await accessToken(as.agent2)).aal).toBe('aal1');
		const total = await ticketCount(agentAal2);
		expect(total).toBeGreaterThan(0);
		expect(await ticketCount(as.agent2)).toBe(total);
		expect(await ticketCount(as.admin)).toBe(total);
	});

	it('hides every ticket, activity and attachment from staff at aal1, at once', async () => {
		await requireStaffMfa(true);
		for (const who of ['agent2', 'admin'] as const) {
			expect(await ticketCount(as[who])).toBe(0);
			for (const table of ['ticket_activities', 'attachments'] as const) {
				const { data, error } = await as[who].from(table).select('id');
				expect(error).toBeNull();
				expect(data).toEqual([]);
			}
			// The automations page's run counts come from the same history.
			const runs = await as[who].rpc('automation_rule_runs');
			expect(runs.error).toBeNull();
			expect(runs.data).toEqual([]);
		}
		expect(await ticketCount(agentAal2)).toBeGreaterThan(0);
		expect((await agentAal2.rpc('automation_rule_runs')).error).toBeNull();
	});

	it('keeps the queue search, counts and shared views from staff at aal1', async () => {
		await requireStaffMfa(true);
		for (const who of ['agent2', 'admin'] as const) {
			const listed = await as[who].rpc('list_tickets', { query: {}, page_size: 5 });
			expect(listed.error?.code).toBe('42501');
			const counted = await as[who].rpc('count_tickets', { queries: { all: {} } });
			expect(counted.error?.code).toBe('42501');
			const saved = await as[who]
				.from('views')
				.insert({ name: `Mine ${randomUUID()}`, query: {}, shared: false })
				.select();
			expect(saved.error?.code).toBe('42501');
		}
		const { data, error } = await agentAal2.rpc('list_tickets', { query: {}, page_size: 5 });
		expect(error).toBeNull();
		expect(data).toHaveLength(5);
	});

	it('refuses staff at aal1 every write to ticket data', async () => {
		const { data: ticket } = await as.client.from('tickets').select('id').limit(1).single();
		await requireStaffMfa(true);
		const note = await as.agent2
			.from('ticket_activities')
			.insert({ ticket_id: ticket!.id, kind: 'note', body: 'Should not land', is_internal: true });
		expect(note.error?.code).toBe('42501');
		const update = await as.agent2
			.from('tickets')
			.update({ priority: 'urgent' })
			.eq('id', ticket!.id)
			.select();
		expect(update.data).toEqual([]);
		const filed = await as.admin
			.from('tickets')
			.insert({ subject: 'Filed without 2FA', description: 'Nope', customer_id: demo.client.id });
		expect(filed.error?.code).toBe('42501');
		const reply = await agentAal2
			.from('ticket_activities')
			.insert({ ticket_id: ticket!.id, kind: 'note', body: 'With 2FA', is_internal: true });
		expect(reply.error).toBeNull();
	});

	it('keeps attachment files from staff at aal1', async () => {
		const { data: ticket } = await as.client
			.from('tickets')
			.insert({ subject: 'With a file', description: 'See attached.' })
			.select('id')
			.single();
		const path = `${ticket!.id}/${randomUUID()}/log.txt`;
		const upload = await as.client.storage
			.from('attachments')
			.upload(path, new Blob(['log lines'], { type: 'text/plain' }), { contentType: 'text/plain' });
		expect(upload.error).toBeNull();
		// The upload is the attachment: its row comes with the object (20261203150007).
		const attached = await as.client.from('attachments').select('id').eq('object_path', path);
		expect(attached.data).toHaveLength(1);

		await requireStaffMfa(true);
		expect((await as.agent2.storage.from('attachments').download(path)).error).not.toBeNull();
		const allowed = await agentAal2.storage.from('attachments').download(path);
		expect(await allowed.data?.text()).toBe('log lines');
		expect(await (await as.client.storage.from('attachments').download(path)).data?.text()).toBe(
			'log lines'
		);
	});

	it('leaves customers alone', async () => {
		await requireStaffMfa(true);
		const before = await ticketCount(as.client);
		expect(before).toBeGreaterThan(0);
		const { error } = await as.client
			.from('tickets')
			.insert({ subject: 'Still works', description: 'Customers need no second factor.' });
		expect(error).toBeNull();
		expect(await ticketCount(as.client)).toBe(before! + 1);
	});

	it('keeps staff at aal1 from running the workspace: invitations, roles, teams', async () => {
		await requireStaffMfa(true);
		const invite = await as.admin
			.from('invitations')
			.insert({ email: 'new-agent@example.com', role: 'agent' });
		expect(invite.error?.code).toBe('42501');
		const promote = await as.admin
			.from('profiles')
			.update({ role: 'agent' })
			.eq('id', demo.client2.id)
			.select();
		expect(promote.data).toEqual([]);
		const team = await as.admin.from('teams').insert({ name: 'Night shift' });
		expect(team.error?.code).toBe('42501');
		const ownName = await as.agent2
			.from('profiles')
			.update({ full_name: 'Renamed' })
			.eq('id', demo.agent2.id)
			.select();
		expect(ownName.data).toEqual([]);
		const { data: profiles } = await as.admin.from('profiles').select('id');
		expect(profiles!.length).toBeGreaterThan(0);
	});

	it('keeps an admin at aal1 from changing the workflow: ticket types, SLAs, rules, team members', async () => {
		const { data: types } = await as.admin.from('ticket_types').select('id, name').limit(1);
		expect(types).toHaveLength(1);
		await requireStaffMfa(true);
		const added = await as.admin.from('ticket_types').insert({ name: 'Added at aal1' });
		expect(added.error?.code).toBe('42501');
		for (const table of ['ticket_types', 'sla_policies', 'automation_rules'] as const) {
			const renamed = await as.admin
				.from(table)
				.update({ name: 'Renamed at aal1' })
				.not('id', 'is', null)
				.select('id');
			expect(renamed.data, table).toEqual([]);
		}
		const removed = await as.admin
			.from('team_members')
			.delete()
			.not('team_id', 'is', null)
			.select('team_id');
		expect(removed.data).toEqual([]);
		const { data: stillRead } = await as.admin.from('sla_policies').select('id');
		expect(stillRead!.length).toBeGreaterThan(0);
		await requireStaffMfa(false);
		const { data: renamedOff, error } = await as.admin
			.from('ticket_types')
			.update({ name: types![0].name })
			.eq('id', types![0].id)
			.select('id');
		expect(error).toBeNull();
		expect(renamedOff).toHaveLength(1);
	});

	it('keeps staff at aal1 from changing ticket fields, tags and macros, which they still read', async () => {
		const { data: shared } = await as.admin.from('macros').select('id, name').is('owner_id', null);
		expect(shared!.length).toBeGreaterThan(0);
		const { data: tags } = await as.admin.from('tags').select('name').limit(1);
		expect(tags).toHaveLength(1);
		await requireStaffMfa(true);

		const field = await as.admin
			.from('ticket_fields')
			.insert({ key: 'added_at_aal1', label: 'Added at aal1', field_type: 'text' });
		expect(field.error?.code).toBe('42501');
		const relabelled = await as.admin
			.from('ticket_fields')
			.update({ label: 'Relabelled at aal1' })
			.not('id', 'is', null)
			.select('id');
		expect(relabelled.data).toEqual([]);
		const untagged = await as.admin.from('tags').delete().eq('name', tags![0].name).select('name');
		expect(untagged.data).toEqual([]);
		for (const refused of [
			await as.admin.rpc('rename_tag', { tag: tags![0].name, new_name: 'renamed-at-aal1' }),
			await as.admin.rpc('delete_tag', { tag: tags![0].name })
		]) {
			expect(refused.error?.code).toBe('42501');
		}
		const renamedBusiness = await as.admin
			.from('app_settings')
			.update({ business_name: 'Renamed at aal1' })
			.eq('id', true)
			.select('id');
		expect(renamedBusiness.data).toEqual([]);

		const own = await as.agent2
			.from('macros')
			.insert({ name: `Mine ${randomUUID()}`, owner_id: demo.agent2.id, body: 'Hi' });
		expect(own.error?.code).toBe('42501');
		for (const who of ['admin', 'agent2'] as const) {
			const changed = await as[who]
				.from('macros')
				.update({ description: 'Changed at aal1' })
				.not('id', 'is', null)
				.select('id');
			expect(changed.data, who).toEqual([]);
		}
		const removed = await as.admin.from('macros').delete().eq('id', shared![0].id).select('id');
		expect(removed.data).toEqual([]);

		for (const table of ['ticket_fields', 'tags', 'macros'] as const) {
			const { data, error } = await as.admin.from(table).select('*').limit(1);
			expect(error, table).toBeNull();
			expect(data, table).toHaveLength(1);
		}
		const { rows } = await stack.db.query<{ fields: number; macros: number; tags: number }>(
			`select (select count(*)::int from public.ticket_fields where label like '%aal1%') as fields,
			   (select count(*)::int from public.macros where description like '%aal1%' or name like 'Mine %') as macros,
			   (select count(*)::int from public.tags where name = $1) as tags`,
			[tags![0].name]
		);
		expect(rows).toEqual([{ fields: 0, macros: 0, tags: 1 }]);

		const mine = await agentAal2
			.from('macros')
			.insert({ name: `Mine at aal2 ${randomUUID()}`, owner_id: demo.agent.id, body: 'Hi' })
			.select('id')
			.single();
		expect(mine.error).toBeNull();
		expect(
			(await agentAal2.from('macros').delete().eq('id', mine.data!.id).select('id')).data
		).toHaveLength(1);
	});

	it("keeps staff at aal1 from the ticket page's messages, macros and merges", async () => {
		const filed = await Promise.all(
			['Merge me', 'Into me'].map(async (subject) => {
				const { data } = await as.client
					.from('tickets')
					.insert({ subject, description: 'Two of the same.' })
					.select('id, version')
					.single();
				return data!;
			})
		);
		const [source, target] = filed;
		const { data: macro } = await as.admin
			.from('macros')
			.select('id')
			.eq('name', 'Password reset instructions')
			.single();
		const state = async () =>
			(
				await stack.db.query<{ status: string; links: number }>(
					`select t.status::text as status,
					   (select count(*)::int from public.ticket_links l where l.source_ticket_id = t.id) as links
					 from public.tickets t where t.id = $1`,
					[source.id]
				)
			).rows[0];
		const sourceBefore = await state();
		await requireStaffMfa(true);
		const history = async () =>
			(
				await stack.db.query<{ n: number }>(
					`select count(*)::int as n from public.ticket_activities where ticket_id = any($1)`,
					[`{${source.id},${target.id}}`]
				)
			).rows[0].n;
		const before = await history();

		for (const who of ['agent2', 'admin'] as const) {
			const posted = await as[who].rpc('post_message', {
				ticket_id: source.id,
				kind: 'note',
				body: 'Should not land'
			});
			expect(posted.error?.code, who).toBe('42501');
			const previewed = await as[who].rpc('preview_macro', {
				macro_id: macro!.id,
				ticket_id: source.id
			});
			expect(previewed.data, who).toBeNull();
			expect(previewed.error, who).not.toBeNull();
			const applied = await as[who].rpc('apply_macro', {
				macro_id: macro!.id,
				ticket_id: source.id,
				expected_version: source.version
			});
			expect(applied.error, who).not.toBeNull();
			const merged = await as[who].rpc('merge_ticket', {
				source_id: source.id,
				target_id: target.id
			});
			expect(merged.error?.code, who).toBe('42501');
			expect(merged.error?.message, who).toBe('Sign in with your authenticator app first.');
		}
		expect(await history()).toBe(before);
		expect(await state()).toEqual(sourceBefore);

		const posted = await agentAal2.rpc('post_message', {
			ticket_id: source.id,
			kind: 'note',
			body: 'With 2FA'
		});
		expect(posted.error).toBeNull();
		const merged = await agentAal2.rpc('merge_ticket', {
			source_id: source.id,
			target_id: target.id
		});
		expect(merged.error).toBeNull();
		expect(merged.data).toEqual({ source_id: source.id, target_id: target.id });
	});

	it('keeps an admin at aal1 from turning it off', async () => {
		await requireStaffMfa(true);
		const { data } = await as.admin
			.from('app_settings')
			.update({ require_staff_mfa: false })
			.eq('id', true)
			.select();
		expect(data).toEqual([]);
		const { rows } = await stack.db.query<{ on: boolean }>(
			`select require_staff_mfa as on from public.app_settings`
		);
		expect(rows).toEqual([{ on: true }]);
	});

	it('sends realtime changes only to staff at aal2', async () => {
		const stepped = await Feed.open(agentAal2, 'two-factor-aal2', ['tickets', 'profiles']);
		const plain = await Feed.open(as.agent2, 'two-factor-aal1', ['tickets', 'profiles']);
		await requireStaffMfa(true);
		const { data: filed } = await as.client
			.from('tickets')
			.insert({ subject: 'Heard only at aal2', description: 'Realtime follows RLS.' })
			.select('id')
			.single();
		await stepped.next((e) => e.table === 'tickets' && e.new.id === filed!.id);
		// A later change agent2 may see: once it arrives, the ticket would have arrived before it.
		await stack.db.query(`update public.profiles set full_name = 'Agent Two' where id = $1`, [
			demo.agent2.id
		]);
		await plain.next((e) => e.table === 'profiles' && e.new.id === demo.agent2.id);
		expect(plain.events.filter((e) => e.table === 'tickets')).toEqual([]);
	});

	it("keeps staff at aal1 from the customer portal's follow-ups, notifications, outbox and email settings", async () => {
		const { rows: solved } = await stack.db.query<{ id: number }>(
			`select id from public.tickets where status in ('solved', 'closed') order by id limit 1`
		);
		expect(solved).toHaveLength(1);
		for (const who of ['agent2', 'admin'] as const) {
			await stack.db.query(
				`insert into public.notifications (recipient_id, kind, ticket_id, title)
				 values ($1, 'assigned', $2, 'A ticket was assigned to you')`,
				[demo[who].id, solved[0].id]
			);
			const { data } = await as[who].from('notifications').select('id');
			expect(data!.length, who).toBeGreaterThan(0);
		}
		const outbox = await as.admin.from('email_outbox').select('id');
		expect(outbox.data!.length).toBeGreaterThan(0);
		await requireStaffMfa(true);

		for (const who of ['agent2', 'admin'] as const) {
			const followUp = await as[who].rpc('open_follow_up', {
				original_id: solved[0].id,
				subject: 'Opened at aal1',
				description: 'Should not land'
			});
			expect(followUp.error?.code, who).toBe('42501');
			expect(followUp.error?.message, who).toBe('Sign in with your authenticator app first.');
			const { data: notifications } = await as[who].from('notifications').select('id');
			expect(notifications, who).toEqual([]);
			const marked = await as[who].rpc('mark_all_notifications_read');
			expect(marked.data, who).toBe(0);
			const preferences = await as[who]
				.from('notification_preferences')
				.update({ email_agent_reply: false })
				.eq('user_id', demo[who].id)
				.select('user_id');
			expect(preferences.data, who).toEqual([]);
		}
		expect((await as.admin.from('email_outbox').select('id')).data).toEqual([]);
		const { rows: untouched } = await stack.db.query<{ tickets: number; off: number }>(
			`select (select count(*)::int from public.tickets where subject = 'Opened at aal1') as tickets,
			   (select count(*)::int from public.notification_preferences
			     where user_id in ($1, $2) and not email_agent_reply) as off`,
			[demo.agent2.id, demo.admin.id]
		);
		expect(untouched).toEqual([{ tickets: 0, off: 0 }]);

		const opened = await agentAal2.rpc('open_follow_up', {
			original_id: solved[0].id,
			subject: 'Opened at aal2',
			description: 'With the second factor'
		});
		expect(opened.error).toBeNull();
		const links = await agentAal2.from('ticket_links').select('target_ticket_id');
		expect(links.data).toContainEqual({ target_ticket_id: opened.data });
		expect((await as.admin.from('ticket_links').select('id')).data).toEqual([]);
		const own = await agentAal2
			.from('notification_preferences')
			.update({ email_agent_reply: true })
			.eq('user_id', demo.agent.id)
			.select('user_id');
		expect(own.data).toEqual([{ user_id: demo.agent.id }]);
	});
});

describe('a person with a verified factor', () => {
	it('sees no ticket data in a session that has not used it, whatever their role', async () => {
		const client = await signedIn(stack, 'client2');
		const factor = await stepUp(client);
		const own = await ticketCount(client);
		expect(own).toBeGreaterThan(0);

		const plain = await signedIn(stack, 'client2');
		expect(claimsOf(await accessToken(plain)).aal).toBe('aal1');
		expect(await ticketCount(plain)).toBe(0);
		await plain.auth.mfa.challengeAndVerify({ factorId: factor.id, code: totpCode(factor.secret) });
		expect(await ticketCount(plain)).toBe(own);
	});

	it('sees nothing at aal1 even while staff need no second factor', async () => {
		expect(claimsOf(await accessToken(as.agent)).aal).toBe('aal1');
		expect(await ticketCount(as.agent)).toBe(0);
		expect(await ticketCount(agentAal2)).toBeGreaterThan(0);
	});

	it('keeps the agent at aal2 working after a refresh', async () => {
		await requireStaffMfa(true);
		await agentAal2.auth.refreshSession();
		expect(claimsOf(await accessToken(agentAal2)).aal).toBe('aal2');
		expect(await ticketCount(agentAal2)).toBeGreaterThan(0);
		expect(agentFactor.id).toMatch(/^[0-9a-f-]{36}$/);
	});
});

// Last in the file: the admin enrols a factor here, after which their aal1 sessions see nothing.
describe('the admin portal under the requirement', () => {
	const auditRows = async (action: string) =>
		(
			await stack.db.query<{ n: number }>(
				`select count(*)::int as n from public.audit_log where action = $1`,
				[action]
			)
		).rows[0].n;
	const ticketOf = async (customer: string) =>
		(
			await stack.db.query<{ id: number }>(
				`select id from public.tickets where customer_id = $1 limit 1`,
				[customer]
			)
		).rows[0].id;

	const adminCalls = async (client: SupabaseClient) => {
		const ticket = await ticketOf(demo.client.id);
		return {
			people: await client.rpc('admin_people', { page_size: 5 }),
			active: await client.rpc('set_person_active', { person: demo.client2.id, active: true }),
			diagnosis: await client.rpc('diagnose_person', { person: demo.client.id }),
			delivery: await client.rpc('check_delivery', { person: demo.client.id, ticket }),
			tickets: await client.rpc('view_as_tickets', { person: demo.client.id }),
			activities: await client.rpc('view_as_activities', { person: demo.client.id, ticket })
		};
	};

	it('refuses an admin at aal1 every admin function and the audit log, and runs none of them', async () => {
		const allowed = await adminCalls(as.admin);
		for (const [name, answer] of Object.entries(allowed)) expect(answer.error, name).toBeNull();
		expect((await as.admin.from('audit_log').select('id').limit(1)).data).toHaveLength(1);

		await requireStaffMfa(true);
		const viewedBefore = await auditRows('person.viewed_as');
		const deactivate = await as.admin.rpc('set_person_active', {
			person: demo.client2.id,
			active: false
		});
		expect(deactivate.error?.code).toBe('42501');
		for (const [name, answer] of Object.entries({ deactivate, ...(await adminCalls(as.admin)) })) {
			expect(answer.error?.code, name).toBe('42501');
			expect(answer.error?.message, name).toMatch(/authenticator app first/);
		}
		expect(await auditRows('person.viewed_as')).toBe(viewedBefore);
		const { rows } = await stack.db.query<{ deactivated_at: string | null }>(
			`select deactivated_at from public.profiles where id = $1`,
			[demo.client2.id]
		);
		expect(rows).toEqual([{ deactivated_at: null }]);
		const audit = await as.admin.from('audit_log').select('id');
		expect(audit.error).toBeNull();
		expect(audit.data).toEqual([]);
	});

	it('lets the admin at aal2 run them, and "view as" sees a stepped-up agent\'s tickets', async () => {
		// Enrolling ends the admin's other aal1 sessions; nothing after this test uses them.
		const adminAal2 = await signedIn(stack, 'admin');
		await stepUp(adminAal2);
		await requireStaffMfa(true);
		const answers = await adminCalls(adminAal2);
		for (const [name, answer] of Object.entries(answers)) expect(answer.error, name).toBeNull();
		expect(answers.tickets.data!.length).toBeGreaterThan(0);
		expect(answers.people.data!.length).toBeGreaterThan(0);
		const audit = await adminAal2.from('audit_log').select('id').limit(1);
		expect(audit.data).toHaveLength(1);

		// The agent has a verified factor, so they work at aal2: that is the token "view as" takes on.
		const asAgent = await adminAal2.rpc('view_as_tickets', { person: demo.agent.id });
		expect(asAgent.error).toBeNull();
		expect(asAgent.data!.length).toBe(Math.min(100, (await ticketCount(agentAal2))!));
		const diagnosis = await adminAal2.rpc('diagnose_person', { person: demo.agent.id });
		expect((diagnosis.data as { claims: { aal: string } }).claims.aal).toBe('aal2');
		await adminAal2.removeAllChannels();
	});
});
