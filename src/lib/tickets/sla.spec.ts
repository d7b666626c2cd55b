import { describe, expect, it } from 'vitest';
import {
	formatSpan,
	formatTarget,
	rowClock,
	runningClock,
	ticketTargets,
	type SlaTicket
} from './sla';

const at = (iso: string) => Date.parse(iso);
const minutes = (n: number) => n * 60_000;

describe('formatSpan', () => {
	it('reads seconds, minutes, hours and days, coarser as the span grows', () => {
		expect(formatSpan(42_000)).toBe('42 s');
		expect(formatSpan(minutes(23) + 59_000)).toBe('23 min');
		expect(formatSpan(minutes(120))).toBe('2 h');
		expect(formatSpan(minutes(135))).toBe('2 h 15 min');
		expect(formatSpan(minutes(18 * 60 + 59))).toBe('18 h');
		expect(formatSpan(minutes(60 * 28))).toBe('1 d 4 h');
		expect(formatSpan(minutes(60 * 24 * 3 + 240))).toBe('3 d');
		expect(formatSpan(-minutes(121))).toBe('2 h 1 min');
	});
});

describe('formatTarget', () => {
	it('states a target in minutes or hours of business time', () => {
		expect(formatTarget(30)).toBe('30 min');
		expect(formatTarget(2400)).toBe('40 h');
		expect(formatTarget(90)).toBe('1.5 h');
	});
});

describe('runningClock', () => {
	const due = at('2026-12-03T12:00:00Z');
	const warn = at('2026-12-03T11:45:00Z');

	it('is due in time before the warning, amber from it, and red and overdue past the target', () => {
		expect(runningClock(due, warn, at('2026-12-03T11:37:00Z'))).toEqual({
			state: 'ok',
			label: 'due in 23 min'
		});
		expect(runningClock(due, warn, at('2026-12-03T11:50:00Z'))).toEqual({
			state: 'warning',
			label: 'due in 10 min'
		});
		expect(runningClock(due, warn, at('2026-12-03T14:00:00Z'))).toEqual({
			state: 'breached',
			label: 'overdue 2 h'
		});
	});
});

describe('rowClock', () => {
	const row = {
		status: 'open' as const,
		sla_due_at: '2026-12-03T12:00:00Z',
		sla_warn_at: '2026-12-03T11:45:00Z',
		sla_paused_at: null
	};

	it('shows the running clock of an open ticket, Paused while pending, nothing without a clock', () => {
		expect(rowClock(row, at('2026-12-03T12:00:30Z'))?.label).toBe('overdue 30 s');
		expect(
			rowClock(
				{ ...row, status: 'pending', sla_due_at: null, sla_paused_at: '2026-12-03T11:00:00Z' },
				at('2026-12-03T12:00:30Z')
			)
		).toEqual({ state: 'paused', label: 'Paused' });
		expect(rowClock({ ...row, sla_due_at: null }, Date.now())).toBeNull();
		expect(rowClock({ ...row, status: 'solved' }, Date.now())).toBeNull();
	});
});

describe('ticketTargets', () => {
	const ticket: SlaTicket = {
		status: 'open',
		sla_targets: { first_response: 60, next_response: 120, resolution: 480 },
		first_response_at: null,
		solved_at: null,
		sla_paused_at: null,
		first_response_due_at: '2026-12-03T12:00:00Z',
		next_response_due_at: null,
		resolution_due_at: '2026-12-03T18:00:00Z',
		first_response_breached_at: null,
		next_response_breached_at: null,
		resolution_breached_at: null
	};

	it('lists each target of the policy with its state', () => {
		const rows = ticketTargets(ticket, at('2026-12-03T11:50:00Z'));
		expect(rows.map((row) => [row.label, row.status.state, row.status.label])).toEqual([
			['First response', 'warning', 'due in 10 min'],
			['Next response', 'idle', 'No reply waiting'],
			['Resolution', 'ok', 'due in 6 h 10 min']
		]);
	});

	it('says a target was met or breached once it is done', () => {
		const answered = {
			...ticket,
			first_response_at: '2026-12-03T11:00:00Z',
			status: 'solved' as const,
			solved_at: '2026-12-03T19:00:00Z',
			resolution_breached_at: '2026-12-03T18:01:00Z'
		};
		const rows = ticketTargets(answered, at('2026-12-03T20:00:00Z'));
		expect(rows.map((row) => row.status.label)).toEqual(['Met', 'No reply waiting', 'Breached']);
	});

	it('shows what was left when the clock paused, and nothing without a policy', () => {
		const paused = { ...ticket, status: 'pending' as const, sla_paused_at: '2026-12-03T11:30:00Z' };
		expect(ticketTargets(paused, at('2026-12-03T15:00:00Z'))[0]?.status).toMatchObject({
			kind: 'paused',
			label: 'Paused, 30 min left'
		});
		expect(ticketTargets({ ...ticket, sla_targets: null }, Date.now())).toEqual([]);
	});
});
