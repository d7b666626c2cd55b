import { describe, expect, it, vi } from 'vitest';
import type { QueueRow } from '$lib/queue';
import type { AppSupabaseClient } from '$lib/supabase';
import { QueueRows, type QueueSource } from './queue-rows.svelte';

const row = (id: number, updated: string) =>
	({ id, subject: `Ticket ${id}`, updated_at: updated, created_at: updated }) as QueueRow;

/** A database whose view holds `tickets`; list_tickets answers for the view or for given ids. */
function database(tickets: QueueRow[]) {
	const rpc = vi.fn(async (_fn: string, args: { query: { ids?: string[] }; page_size: number }) => {
		const ids = args.query.ids;
		const rows = ids ? tickets.filter((t) => ids.includes(String(t.id))) : tickets;
		return {
			data: rows.slice(0, args.page_size).map((t) => ({ ...t, cursor: null })),
			error: null
		};
	});
	return { rpc, client: { rpc } as unknown as AppSupabaseClient };
}

describe('QueueRows', () => {
	it('after subscribing, shows a ticket that joined the view between the page load and the subscribe', async () => {
		const shown = row(1, '2026-12-03T10:00:00Z');
		const filedMeanwhile = row(2, '2026-12-03T11:00:00Z');
		const { client } = database([filedMeanwhile, shown]);
		const source: QueueSource = {
			query: { status: ['open'] },
			sort: 'updated',
			dir: 'desc',
			rows: [shown],
			next: null,
			pageSize: 50
		};
		const queue = new QueueRows(source, () => client);
		queue.catchUp();
		await expect.poll(() => queue.rows.map((r) => r.id)).toEqual([2, 1]);
		expect(queue.arrived.has(2)).toBe(true);
		queue.destroy();
	});

	it('catches up on the shown rows even when the view cannot be fetched again', async () => {
		const before = row(1, '2026-12-03T10:00:00Z');
		const changed = { ...before, subject: 'Renamed' };
		const rpc = vi
			.fn()
			.mockResolvedValueOnce({ data: null, error: { message: 'offline' } })
			.mockResolvedValueOnce({ data: [{ ...changed, cursor: null }], error: null });
		const source: QueueSource = {
			query: {},
			sort: 'updated',
			dir: 'desc',
			rows: [before],
			next: null,
			pageSize: 50
		};
		const queue = new QueueRows(source, () => ({ rpc }) as unknown as AppSupabaseClient);
		queue.catchUp();
		await expect.poll(() => queue.rows[0]?.subject).toBe('Renamed');
		queue.destroy();
	});
});
