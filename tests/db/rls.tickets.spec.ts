// RLS matrix for tickets through supabase-js: each demo role (and anonymous) × select, insert,
// update, delete. Clients see and file only their own tickets and may reopen, solve and rate them;
// agents work every ticket; only admins delete.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { everyone, type Who } from './support/sessions';

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(() => stack?.stop());

const count = async (sql: string, params: string[] = []) =>
	(await stack.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0].n;

/** A fresh ticket filed by `who` (a client), so tests that change tickets stay independent. */
async function fileTicket(who: 'client' | 'client2', subject = 'The app crashes on start') {
	const { data, error } = await as[who]
		.from('tickets')
		.insert({ subject, description: 'Every time, since the update.' })
		.select()
		.single();
	if (error) throw error;
	return data as { id: number; customer_id: string; status: string };
}

describe('select', () => {
	it('shows a client exactly their own tickets', async () => {
		const { data, error } = await as.client.from('tickets').select('id, customer_id');
		expect(error).toBeNull();
		expect(data!.length).toBe(
			await count('public.tickets where customer_id = $1', [demo.client.id])
		);
		expect(data!.every((t) => t.customer_id === demo.client.id)).toBe(true);
	});

	it("never shows a client another customer's ticket, even asked for by id", async () => {
		const { data: theirs } = await as.client2.from('tickets').select('id').limit(1).single();
		const { data, error } = await as.client.from('tickets').select('*').eq('id', theirs!.id);
		expect(error).toBeNull();
		expect(data).toEqual([]);
	});

	it('shows agents and admins every ticket', async () => {
		const total = await count('public.tickets');
		for (const who of ['agent', 'agent2', 'admin'] as const) {
			const { count: seen } = await as[who]
				.from('tickets')
				.select('*', { count: 'exact', head: true });
			expect(seen).toBe(total);
		}
	});

	it('shows anonymous callers nothing', async () => {
		const { data, error } = await as.anon.from('tickets').select('id');
		expect(error).toBeNull();
		expect(data).toEqual([]);
	});
});

describe('insert', () => {
	it('lets a client file a ticket of their own, open and unassigned', async () => {
		const ticket = await fileTicket('client');
		expect(ticket).toMatchObject({ customer_id: demo.client.id, status: 'open' });
	});

	it('refuses a client filing a ticket in another customer’s name', async () => {
		const { error } = await as.client
			.from('tickets')
			.insert({ subject: 'x', description: 'y', customer_id: demo.client2.id });
		expect(error?.code).toBe('42501');
	});

	it('refuses a client setting priority or an assignee on a new ticket', async () => {
		const { error } = await as.client
			.from('tickets')
			.insert({ subject: 'x', description: 'y', priority: 'urgent', assignee_id: demo.agent.id });
		expect(error?.code).toBe('42501');
		expect(error?.message).toContain('priority');
	});

	it('lets agents and admins file a ticket for a customer', async () => {
		for (const who of ['agent', 'admin'] as const) {
			const { data, error } = await as[who]
				.from('tickets')
				.insert({
					subject: 'Phoned in',
					description: 'Customer called.',
					customer_id: demo.client.id,
					priority: 'high'
				})
				.select('customer_id, priority')
				.single();
			expect(error).toBeNull();
			expect(data).toEqual({ customer_id: demo.client.id, priority: 'high' });
		}
	});

	it('refuses anonymous callers', async () => {
		const { error } = await as.anon.from('tickets').insert({ subject: 'x', description: 'y' });
		expect(error?.code).toBe('42501');
	});
});

describe('update', () => {
	it('lets a client solve, reopen and rate their own ticket', async () => {
		const ticket = await fileTicket('client');
		const solve = await as.client.from('tickets').update({ status: 'solved' }).eq('id', ticket.id);
		expect(solve.error).toBeNull();
		const rate = await as.client
			.from('tickets')
			.update({ satisfaction_rating: 'good', satisfaction_comment: 'Great' })
			.eq('id', ticket.id)
			.select('status, satisfaction_rating, solved_at')
			.single();
		expect(rate.data).toMatchObject({ status: 'solved', satisfaction_rating: 'good' });
		expect(rate.data?.solved_at).not.toBeNull();
		const reopen = await as.client
			.from('tickets')
			.update({ status: 'open' })
			.eq('id', ticket.id)
			.select('status, satisfaction_rating')
			.single();
		expect(reopen.data).toEqual({ status: 'open', satisfaction_rating: null });
	});

	it('refuses a client changing priority, assignee, team or tags of their own ticket', async () => {
		const ticket = await fileTicket('client');
		for (const change of [
			{ priority: 'urgent' },
			{ assignee_id: demo.agent.id },
			{ team_id: '7ea00000-0000-4000-8000-000000000001' },
			{ tags: ['vip'] }
		]) {
			const { error } = await as.client.from('tickets').update(change).eq('id', ticket.id);
			expect(error?.code, JSON.stringify(change)).toBe('42501');
		}
		const { rows } = await stack.db.query(
			'select priority, assignee_id, team_id, tags from public.tickets where id = $1',
			[ticket.id]
		);
		expect(rows[0]).toEqual({ priority: 'normal', assignee_id: null, team_id: null, tags: [] });
	});

	it("changes nothing when a client updates another customer's ticket", async () => {
		const theirs = await fileTicket('client2');
		const { data, error } = await as.client
			.from('tickets')
			.update({ status: 'solved' })
			.eq('id', theirs.id)
			.select();
		expect(error).toBeNull();
		expect(data).toEqual([]);
		expect(
			await count(`public.tickets where id = $1 and status = 'open'`, [String(theirs.id)])
		).toBe(1);
	});

	it('lets agents triage any ticket: status, priority, assignee, tags', async () => {
		const ticket = await fileTicket('client2');
		const { data, error } = await as.agent
			.from('tickets')
			.update({ status: 'pending', priority: 'high', assignee_id: demo.agent.id, tags: ['crash'] })
			.eq('id', ticket.id)
			.select('status, priority, assignee_id, tags')
			.single();
		expect(error).toBeNull();
		expect(data).toEqual({
			status: 'pending',
			priority: 'high',
			assignee_id: demo.agent.id,
			tags: ['crash']
		});
	});

	it('changes nothing for anonymous callers', async () => {
		const ticket = await fileTicket('client');
		const { data } = await as.anon
			.from('tickets')
			.update({ status: 'closed' })
			.eq('id', ticket.id)
			.select();
		expect(data ?? []).toEqual([]);
		expect(
			await count(`public.tickets where id = $1 and status = 'open'`, [String(ticket.id)])
		).toBe(1);
	});
});

describe('delete', () => {
	it('deletes nothing for clients, agents and anonymous callers', async () => {
		const ticket = await fileTicket('client');
		for (const who of ['anon', 'client', 'agent'] as const) {
			const { data } = await as[who].from('tickets').delete().eq('id', ticket.id).select();
			expect(data ?? [], who).toEqual([]);
		}
		expect(await count('public.tickets where id = $1', [String(ticket.id)])).toBe(1);
	});

	it('lets an admin delete a ticket, with its history', async () => {
		const ticket = await fileTicket('client');
		await as.client
			.from('ticket_activities')
			.insert({ ticket_id: ticket.id, kind: 'reply', body: 'Hello?' });
		const { data, error } = await as.admin
			.from('tickets')
			.delete()
			.eq('id', ticket.id)
			.select('id');
		expect(error).toBeNull();
		expect(data).toEqual([{ id: ticket.id }]);
		expect(await count('public.ticket_activities where ticket_id = $1', [String(ticket.id)])).toBe(
			0
		);
	});
});
