// RLS matrix for ticket_activities through supabase-js: clients read only the public history of
// their own tickets and write only public replies there; agents and admins read everything and
// write replies and internal notes; nobody edits or deletes history.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { everyone, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
/** A ticket of client@ with a public reply and an internal note from agent@. */
let ticketId: number;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
	const { data, error } = await as.client
		.from('tickets')
		.insert({ subject: 'Lost my invoice', description: 'Can you send it again?' })
		.select('id')
		.single();
	if (error) throw error;
	ticketId = data.id;
	const written = await as.agent.from('ticket_activities').insert([
		{
			ticket_id: ticketId,
			kind: 'note',
			body: 'Customer owes us money, be careful.',
			is_internal: true
		},
		{ ticket_id: ticketId, kind: 'reply', body: 'Sent it again just now.', is_internal: false }
	]);
	if (written.error) throw written.error;
});
afterAll(() => stack?.stop());

const count = async (sql: string, params: string[] = []) =>
	(await stack.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0].n;

describe('select', () => {
	it('shows a client the public history of their own tickets, and no internal note', async () => {
		const { data, error } = await as.client
			.from('ticket_activities')
			.select('ticket_id, is_internal, body');
		expect(error).toBeNull();
		expect(data!.length).toBe(
			await count(
				`public.ticket_activities a join public.tickets t on t.id = a.ticket_id
				 where t.customer_id = $1 and not a.is_internal`,
				[demo.client.id]
			)
		);
		expect(data!.some((a) => a.is_internal)).toBe(false);
		expect(data!.map((a) => a.body)).toContain('Sent it again just now.');
		expect(data!.map((a) => a.body)).not.toContain('Customer owes us money, be careful.');
	});

	it("shows a client nothing of another customer's ticket", async () => {
		const { data } = await as.client2
			.from('ticket_activities')
			.select('id')
			.eq('ticket_id', ticketId);
		expect(data).toEqual([]);
	});

	it('shows agents and admins every activity, internal notes included', async () => {
		const total = await count('public.ticket_activities');
		for (const who of ['agent', 'agent2', 'admin'] as const) {
			const { count: seen } = await as[who]
				.from('ticket_activities')
				.select('*', { count: 'exact', head: true });
			expect(seen, who).toBe(total);
		}
		const { data } = await as.agent2
			.from('ticket_activities')
			.select('kind')
			.eq('ticket_id', ticketId);
		expect(data!.map((a) => a.kind)).toContain('note');
	});

	it('shows anonymous callers nothing', async () => {
		const { data } = await as.anon.from('ticket_activities').select('id');
		expect(data).toEqual([]);
	});
});

describe('insert', () => {
	it('lets a client reply publicly on their own ticket, in their own name', async () => {
		const { data, error } = await as.client
			.from('ticket_activities')
			.insert({ ticket_id: ticketId, kind: 'reply', body: 'Thanks!' })
			.select('author_id, is_internal')
			.single();
		expect(error).toBeNull();
		expect(data).toEqual({ author_id: demo.client.id, is_internal: false });
	});

	it('refuses a client writing an internal note, or any internal row', async () => {
		const rows: Record<string, unknown>[] = [
			{ ticket_id: ticketId, kind: 'note', body: 'Sneaky', is_internal: true },
			{
				ticket_id: ticketId,
				kind: 'status',
				is_internal: true,
				meta: { old: 'open', new: 'closed' }
			},
			{ ticket_id: ticketId, kind: 'system', body: 'Refund approved' }
		];
		for (const row of rows) {
			const { error } = await as.client.from('ticket_activities').insert(row as never);
			expect(error?.code, String(row.kind)).toBe('42501');
		}
	});

	it("refuses a client replying on another customer's ticket, or in someone else's name", async () => {
		const theirs = await as.client2
			.from('ticket_activities')
			.insert({ ticket_id: ticketId, kind: 'reply', body: 'Hi' });
		expect(theirs.error?.code).toBe('42501');
		const forged = await as.client.from('ticket_activities').insert({
			ticket_id: ticketId,
			kind: 'reply',
			body: 'Refund granted',
			author_id: demo.agent.id
		});
		expect(forged.error?.code).toBe('42501');
	});

	it('lets agents and admins reply and add internal notes on any ticket', async () => {
		for (const who of ['agent2', 'admin'] as const) {
			const { error } = await as[who].from('ticket_activities').insert([
				{ ticket_id: ticketId, kind: 'reply', body: `Reply from ${who}`, is_internal: false },
				{ ticket_id: ticketId, kind: 'note', body: `Note from ${who}`, is_internal: true }
			]);
			expect(error, who).toBeNull();
		}
	});

	it('refuses agents writing history rows that only triggers write', async () => {
		const { error } = await as.agent
			.from('ticket_activities')
			.insert({ ticket_id: ticketId, kind: 'status', meta: { old: 'open', new: 'solved' } });
		expect(error?.code).toBe('42501');
	});

	it('refuses anonymous callers', async () => {
		const { error } = await as.anon
			.from('ticket_activities')
			.insert({ ticket_id: ticketId, kind: 'reply', body: 'Hi' });
		expect(error?.code).toBe('42501');
	});
});

describe('update and delete', () => {
	it('are refused for every role: nobody edits or deletes history', async () => {
		const before = await count('public.ticket_activities where ticket_id = $1', [String(ticketId)]);
		for (const who of ['anon', 'client', 'agent', 'admin'] as const) {
			const edit = await as[who]
				.from('ticket_activities')
				.update({ body: 'Rewritten' })
				.eq('ticket_id', ticketId);
			expect(edit.error?.code, who).toBe('42501');
			const remove = await as[who].from('ticket_activities').delete().eq('ticket_id', ticketId);
			expect(remove.error?.code, who).toBe('42501');
		}
		expect(await count('public.ticket_activities where ticket_id = $1', [String(ticketId)])).toBe(
			before
		);
		expect(await count(`public.ticket_activities where body = 'Rewritten'`)).toBe(0);
	});
});
