// RLS matrix for saved queue views through supabase-js: an agent's own views are theirs alone;
// shared views are seen by all staff and made, changed and removed by admins only; customers and
// anonymous callers have none. A view's query is checked as the queue checks it.
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

let counter = 0;
const uniqueName = (base: string) => `${base} ${++counter}`;

async function saveAs(who: Who, fields: Record<string, unknown> = {}) {
	const { data, error } = await as[who]
		.from('views')
		.insert({ name: uniqueName('Urgent'), query: { priority: ['urgent'] }, ...fields })
		.select('id, owner_id, shared')
		.single();
	if (error) throw error;
	return data as { id: string; owner_id: string; shared: boolean };
}

const visibleTo = async (who: Who, id: string) =>
	((await as[who].from('views').select('id').eq('id', id)).data ?? []).length === 1;

describe('personal views', () => {
	it('are saved by an agent in their own name', async () => {
		const view = await saveAs('agent');
		expect(view).toMatchObject({ owner_id: demo.agent.id, shared: false });
	});

	it('are seen by their owner only, not by other agents or admins', async () => {
		const view = await saveAs('agent');
		expect(await visibleTo('agent', view.id)).toBe(true);
		for (const who of ['agent2', 'admin', 'client', 'anon'] as const) {
			expect(await visibleTo(who, view.id), who).toBe(false);
		}
	});

	it('are changed and deleted by their owner only', async () => {
		const view = await saveAs('agent');
		for (const who of ['agent2', 'admin'] as const) {
			const { data } = await as[who]
				.from('views')
				.update({ name: 'Mine now' })
				.eq('id', view.id)
				.select();
			expect(data, who).toEqual([]);
			const removed = await as[who].from('views').delete().eq('id', view.id).select();
			expect(removed.data, who).toEqual([]);
		}
		const renamed = await as.agent
			.from('views')
			.update({ name: uniqueName('Renamed') })
			.eq('id', view.id)
			.select();
		expect(renamed.data).toHaveLength(1);
		const removed = await as.agent.from('views').delete().eq('id', view.id).select();
		expect(removed.data).toHaveLength(1);
	});

	it('cannot be given to someone else', async () => {
		const view = await saveAs('agent');
		const { error } = await as.agent
			.from('views')
			.update({ owner_id: demo.agent2.id })
			.eq('id', view.id);
		expect(error?.code).toBe('42501');
	});

	it('cannot be saved in someone else’s name', async () => {
		const { error } = await as.agent
			.from('views')
			.insert({ name: uniqueName('Theirs'), owner_id: demo.agent2.id, query: {} });
		expect(error?.code).toBe('42501');
	});
});

describe('shared views', () => {
	it('are made by admins and seen by every agent', async () => {
		const view = await saveAs('admin', { shared: true });
		for (const who of ['agent', 'agent2', 'admin'] as const) {
			expect(await visibleTo(who, view.id), who).toBe(true);
		}
		for (const who of ['client', 'anon'] as const) {
			expect(await visibleTo(who, view.id), who).toBe(false);
		}
	});

	it('cannot be made by an agent, nor made from an agent’s own view', async () => {
		const { error } = await as.agent
			.from('views')
			.insert({ name: uniqueName('For all'), shared: true, query: {} });
		expect(error?.code).toBe('42501');
		const view = await saveAs('agent');
		const shared = await as.agent.from('views').update({ shared: true }).eq('id', view.id);
		expect(shared.error?.code).toBe('42501');
	});

	it('are changed and deleted by admins, not by agents', async () => {
		const view = await saveAs('admin', { shared: true });
		const { data } = await as.agent
			.from('views')
			.update({ name: 'Hijacked' })
			.eq('id', view.id)
			.select();
		expect(data).toEqual([]);
		const removed = await as.agent.from('views').delete().eq('id', view.id).select();
		expect(removed.data).toEqual([]);
		const deleted = await as.admin.from('views').delete().eq('id', view.id).select();
		expect(deleted.data).toHaveLength(1);
	});
});

describe('customers', () => {
	it('can save no view', async () => {
		const { error } = await as.client.from('views').insert({ name: 'Mine', query: {} });
		expect(error?.code).toBe('42501');
	});
});

describe('what a view holds', () => {
	it('is a query the queue can run, or it is refused with the queue’s message', async () => {
		const { error } = await as.agent
			.from('views')
			.insert({ name: uniqueName('Broken'), query: { status: ['archived'] } });
		expect(error?.code).toBe('22023');
		expect(error?.message).toBe('There is no status "archived".');
	});

	it('holds known columns only', async () => {
		const { error } = await as.agent
			.from('views')
			.insert({ name: uniqueName('Columns'), query: {}, columns: ['subject', 'password'] });
		expect(error?.code).toBe('22023');
	});

	it('has a name of its own among its owner’s views', async () => {
		const name = uniqueName('Twice');
		await saveAs('agent', { name });
		const { error } = await as.agent.from('views').insert({ name, query: {} });
		expect(error?.code).toBe('23505');
		const other = await as.agent2.from('views').insert({ name, query: {} });
		expect(other.error).toBeNull();
	});

	it('has a name', async () => {
		const { error } = await as.agent.from('views').insert({ name: '  ', query: {} });
		expect(error?.code).toBe('23514');
	});
});
