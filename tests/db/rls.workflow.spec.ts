// RLS matrix for the workflow's settings through supabase-js: ticket types (read by everyone signed
// in: customers choose one), business calendars, SLA policies, automation rules and team members
// (read by staff), all written by admins only; agent status read by staff and written by nobody
// directly (availability goes through set_availability() and heartbeat()).
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { billingTeamId, demo, projectRoot } from './support/demo';
import { everyone, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(() => stack?.stop());

const everybody: Who[] = ['anon', 'client', 'client2', 'agent', 'agent2', 'admin'];
const staff: Who[] = ['agent', 'agent2', 'admin'];

interface TableCase {
	readers: Who[];
	/** A valid new row, unique per call. */
	row: (n: number) => Record<string, unknown>;
	change: Record<string, unknown>;
	/** The primary key of a row, as column → value. */
	key: (row: Record<string, unknown>) => Record<string, unknown>;
}

const byId = (row: Record<string, unknown>) => ({ id: row.id });

const tables: Record<string, TableCase> = {
	ticket_types: {
		readers: ['client', 'client2', 'agent', 'agent2', 'admin'],
		row: (n) => ({ name: `Type ${n}` }),
		change: { description: 'Renamed' },
		key: byId
	},
	business_calendars: {
		readers: staff,
		row: (n) => ({
			name: `Calendar ${n}`,
			time_zone: 'Europe/Paris',
			opening_hours: { mon: [{ start: '08:00', end: '12:00' }] }
		}),
		change: { holidays: [{ date: '2026-07-14', name: 'Bastille Day' }] },
		key: byId
	},
	sla_policies: {
		readers: staff,
		row: (n) => ({ name: `Policy ${n}`, position: 500, targets: { low: { resolution: 600 } } }),
		change: { description: 'Slower' },
		key: byId
	},
	automation_rules: {
		readers: staff,
		row: (n) => ({
			name: `Rule ${n}`,
			event: 'ticket_created',
			conditions: { subject_contains: [`never-${n}`] },
			actions: [{ type: 'add_tags', tags: ['matrix'] }]
		}),
		change: { is_active: false },
		key: byId
	},
	team_members: {
		readers: staff,
		row: (n) => ({ team_id: billingTeamId, agent_id: n % 2 ? demo.agent.id : demo.admin.id }),
		change: { skills: ['matrix'] },
		key: (row) => ({ team_id: row.team_id, agent_id: row.agent_id })
	}
};

const total = async (table: string) =>
	(await stack.db.query<{ n: number }>(`select count(*)::int as n from public.${table}`)).rows[0].n;

let made = 0;

for (const [table, spec] of Object.entries(tables)) {
	describe(table, () => {
		it(`is read by ${spec.readers.join(', ')}, and by nobody else`, async () => {
			const rows = await total(table);
			expect(rows).toBeGreaterThan(0);
			for (const who of everybody) {
				const { data, error } = await as[who].from(table).select('*');
				expect(error, who).toBeNull();
				expect(data!.length, who).toBe(spec.readers.includes(who) ? rows : 0);
			}
		});

		it('is created, changed and deleted by admins only', async () => {
			const { data: existing } = await as.admin.from(table).select('*').limit(1).single();
			for (const who of ['anon', 'client', 'agent'] as const) {
				const insert = await as[who].from(table).insert(spec.row(++made));
				expect(insert.error?.code, who).toBe('42501');
				const changed = await as[who]
					.from(table)
					.update(spec.change)
					.match(spec.key(existing!))
					.select();
				expect(changed.data ?? [], who).toEqual([]);
				const removed = await as[who].from(table).delete().match(spec.key(existing!)).select();
				expect(removed.data ?? [], who).toEqual([]);
			}
			const created = await as.admin.from(table).insert(spec.row(1)).select().single();
			expect(created.error).toBeNull();
			const changed = await as.admin
				.from(table)
				.update(spec.change)
				.match(spec.key(created.data!))
				.select();
			expect(changed.error).toBeNull();
			expect(changed.data).toHaveLength(1);
			const removed = await as.admin.from(table).delete().match(spec.key(created.data!)).select();
			expect(removed.data).toHaveLength(1);
		});
	});
}

describe('a ticket’s type', () => {
	it('is chosen by the customer when filing, and changed afterwards by staff only', async () => {
		const { data: types } = await as.client
			.from('ticket_types')
			.select('id, name')
			.order('position');
		const filed = await as.client
			.from('tickets')
			.insert({ subject: 'Which plan?', description: 'Pick for me.', type_id: types![0].id })
			.select('id, type_id')
			.single();
		expect(filed.data?.type_id).toBe(types![0].id);
		const changed = await as.client
			.from('tickets')
			.update({ type_id: types![1].id })
			.eq('id', filed.data!.id);
		expect(changed.error?.code).toBe('42501');
		const byAgent = await as.agent
			.from('tickets')
			.update({ type_id: types![1].id })
			.eq('id', filed.data!.id)
			.select('type_id')
			.single();
		expect(byAgent.data?.type_id).toBe(types![1].id);
	});
});

describe('agent_status', () => {
	it('is read by staff only', async () => {
		await stack.db.query(
			`insert into public.agent_status (agent_id, status) values ($1, 'away')
			 on conflict (agent_id) do update set status = 'away'`,
			[demo.agent.id]
		);
		const rows = await total('agent_status');
		for (const who of everybody) {
			const { data } = await as[who].from('agent_status').select('*');
			expect(data!.length, who).toBe(staff.includes(who) ? rows : 0);
		}
	});

	it('is written by nobody directly, admins included: availability goes through the RPCs', async () => {
		for (const who of ['agent', 'admin'] as const) {
			const insert = await as[who].from('agent_status').insert({ agent_id: demo.agent2.id });
			expect(insert.error?.code, who).toBe('42501');
			const update = await as[who]
				.from('agent_status')
				.update({ open_tickets: 0 })
				.eq('agent_id', demo[who].id);
			expect(update.error?.code, who).toBe('42501');
		}
		const { data, error } = await as.agent.rpc('set_availability', { status: 'available' });
		expect(error).toBeNull();
		expect(data).toMatchObject({ agent_id: demo.agent.id, status: 'available' });
		const denied = await as.client.rpc('heartbeat');
		expect(denied.error?.code).toBe('42501');
	});
});

describe('the minute job', () => {
	it('cannot be run through the API', async () => {
		for (const who of ['anon', 'client', 'agent', 'admin'] as const) {
			const { error } = await as[who].rpc('run_minute_jobs');
			expect(error, who).not.toBeNull();
		}
	});
});
