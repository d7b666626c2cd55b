import { describe, expect, it } from 'vitest';
import { compareRows, toPage, type QueueRow } from './rows';

const row = (id: number, fields: Partial<QueueRow> = {}): QueueRow => ({
	id,
	subject: `Ticket ${id}`,
	status: 'open',
	priority: 'normal',
	tags: [],
	created_at: '2026-01-01T00:00:00Z',
	updated_at: '2026-01-02T00:00:00Z',
	customer_id: 'c',
	customer_name: 'Casey',
	assignee_id: null,
	assignee_name: null,
	team_id: null,
	team_name: null,
	sla_due_at: null,
	sla_warn_at: null,
	sla_paused_at: null,
	rank: null,
	headline: null,
	snippet: null,
	snippet_kind: null,
	...fields
});

const returned = (id: number) => ({
	...row(id),
	assignee_id: '',
	assignee_name: '',
	team_id: '',
	team_name: '',
	sla_due_at: '',
	sla_warn_at: '',
	sla_paused_at: '',
	rank: 0,
	headline: '',
	snippet: '',
	snippet_kind: 'reply',
	cursor: [`2026-01-0${id}`, id]
});

describe('a page', () => {
	it('keeps the rows asked for and the cursor of its last one when another page follows', () => {
		const page = toPage([returned(1), returned(2), returned(3)], 2);
		expect(page.rows.map((r) => r.id)).toEqual([1, 2]);
		expect(page.next).toEqual(['2026-01-02', 2]);
		expect(page.rows[0]).not.toHaveProperty('cursor');
		expect(page.rows[0].snippet_kind).toBe('reply');
	});

	it('has no next cursor when it is the last page', () => {
		expect(toPage([returned(1), returned(2)], 2).next).toBeNull();
	});
});

describe('row order', () => {
	const sorted = (
		rows: QueueRow[],
		...args: Parameters<typeof compareRows> extends [unknown, unknown, ...infer R] ? R : never
	) => [...rows].sort((a, b) => compareRows(a, b, ...args)).map((r) => r.id);

	it('follows the database: newest update first, the id breaking ties', () => {
		const rows = [
			row(1, { updated_at: '2026-01-01T00:00:00Z' }),
			row(2, { updated_at: '2026-01-03T00:00:00Z' }),
			row(3, { updated_at: '2026-01-03T00:00:00Z' })
		];
		expect(sorted(rows, 'updated', 'desc')).toEqual([3, 2, 1]);
		expect(sorted(rows, 'updated', 'asc')).toEqual([1, 2, 3]);
	});

	it('puts statuses and priorities in their enum order', () => {
		const rows = [
			row(1, { status: 'solved' }),
			row(2, { status: 'open' }),
			row(3, { status: 'pending' })
		];
		expect(sorted(rows, 'status', 'asc')).toEqual([2, 3, 1]);
		const urgent = [row(1, { priority: 'low' }), row(2, { priority: 'urgent' })];
		expect(sorted(urgent, 'priority', 'desc')).toEqual([2, 1]);
	});

	it('puts nobody first among assignees, names in any case together', () => {
		const rows = [
			row(1, { assignee_name: 'bea' }),
			row(2, { assignee_name: null }),
			row(3, { assignee_name: 'Al' })
		];
		expect(sorted(rows, 'assignee', 'asc')).toEqual([2, 3, 1]);
	});

	it('puts the soonest SLA due first, and tickets without a running clock last', () => {
		const rows = [
			row(1, { sla_due_at: null }),
			row(2, { sla_due_at: '2026-01-03T00:00:00Z' }),
			row(3, { sla_due_at: '2026-01-02T00:00:00Z' })
		];
		expect(sorted(rows, 'sla', 'asc')).toEqual([3, 2, 1]);
		expect(sorted(rows, 'sla', 'desc')).toEqual([1, 2, 3]);
	});

	it('ranks search matches best first', () => {
		expect(sorted([row(1, { rank: 0.1 }), row(2, { rank: 0.5 })], 'relevance', 'desc')).toEqual([
			2, 1
		]);
	});
});
