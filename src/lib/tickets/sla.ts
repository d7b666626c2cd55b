// SLA clocks as agents read them: "due in 23 min", amber in the last quarter of a target, red and
// "overdue 2 h" once past it; and each target of a ticket with its state (due, met, breached,
// paused), from the due and breach times the database keeps on the ticket (see sla_policies).
import type { Json } from '$lib/supabase';
import type { TicketStatus } from './status';

export const slaTargets = ['first_response', 'next_response', 'resolution'] as const;
export type SlaTarget = (typeof slaTargets)[number];

export const slaTargetLabels: Record<SlaTarget, string> = {
	first_response: 'First response',
	next_response: 'Next response',
	resolution: 'Resolution'
};

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * A span of time, coarser as it grows, so a queue column stays narrow: "42 s", "23 min",
 * "2 h 15 min" (under 10 hours), "13 h", "1 d 4 h" (under 2 days), "16 d".
 */
export function formatSpan(ms: number): string {
	const size = Math.abs(ms);
	if (size < minute) return `${Math.floor(size / second)} s`;
	if (size < hour) return `${Math.floor(size / minute)} min`;
	const pair = (big: number, bigUnit: string, small: number, smallUnit: string) =>
		small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
	const minutes = Math.floor(size / minute);
	if (size < 10 * hour) return pair(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
	const hours = Math.floor(size / hour);
	if (size < day) return `${hours} h`;
	if (size < 2 * day) return pair(1, 'd', hours % 24, 'h');
	return `${Math.floor(size / day)} d`;
}

/** A target as a policy states it, in business time: "30 min", "8 h", "1.5 h". */
export function formatTarget(minutes: number): string {
	if (minutes < 60) return `${minutes} min`;
	return `${Number((minutes / 60).toFixed(1)).toLocaleString('en')} h`;
}

/** How a running clock looks: in time, in its last quarter, or past its target. */
export type ClockState = 'ok' | 'warning' | 'breached';
/** Every state an SLA badge shows: a running clock's, or a paused, met, missed or idle target's. */
export type SlaState = ClockState | 'paused' | 'met' | 'missed' | 'idle';

export interface RunningClock {
	state: ClockState;
	label: string;
}

/** A clock due at `due` that turns amber from `warnAt` (both epoch milliseconds), read at `now`. */
export function runningClock(due: number, warnAt: number | null, now: number): RunningClock {
	const left = due - now;
	if (left <= 0) return { state: 'breached', label: `overdue ${formatSpan(left)}` };
	return {
		state: warnAt !== null && now >= warnAt ? 'warning' : 'ok',
		label: `due in ${formatSpan(left)}`
	};
}

/** A queue row's SLA cell: its earliest running target, "Paused" while the customer has the ball. */
export type RowClock = RunningClock | { state: 'paused'; label: string } | null;

export function rowClock(
	row: {
		status: TicketStatus;
		sla_due_at: string | null;
		sla_warn_at: string | null;
		sla_paused_at: string | null;
	},
	now: number
): RowClock {
	if (row.status === 'open' && row.sla_due_at) {
		return runningClock(
			Date.parse(row.sla_due_at),
			row.sla_warn_at ? Date.parse(row.sla_warn_at) : null,
			now
		);
	}
	if ((row.status === 'pending' || row.status === 'on_hold') && row.sla_paused_at) {
		return { state: 'paused', label: 'Paused' };
	}
	return null;
}

/** The SLA columns of a ticket, as the ticket page reads them. */
export interface SlaTicket {
	status: TicketStatus;
	sla_targets: Json | null;
	first_response_at: string | null;
	solved_at: string | null;
	sla_paused_at: string | null;
	first_response_due_at: string | null;
	next_response_due_at: string | null;
	resolution_due_at: string | null;
	first_response_breached_at: string | null;
	next_response_breached_at: string | null;
	resolution_breached_at: string | null;
}

export type TargetState =
	| (RunningClock & { kind: 'running'; due: string })
	| { kind: 'paused'; state: 'paused'; label: string; due: string }
	| { kind: 'met'; state: 'met'; label: string }
	| { kind: 'missed'; state: 'missed'; label: string }
	| { kind: 'idle'; state: 'idle'; label: string };

export interface TargetRow {
	target: SlaTarget;
	label: string;
	minutes: number;
	status: TargetState;
}

function targetMinutes(targets: Json | null, target: SlaTarget): number | null {
	if (!targets || typeof targets !== 'object' || Array.isArray(targets)) return null;
	const minutes = targets[target];
	return typeof minutes === 'number' ? minutes : null;
}

/** Where one target stands: its due time, whether it is done, and whether it was breached. */
function targetParts(ticket: SlaTicket, target: SlaTarget) {
	switch (target) {
		case 'first_response':
			return {
				due: ticket.first_response_due_at,
				done: ticket.first_response_at !== null,
				breached: ticket.first_response_breached_at !== null
			};
		case 'next_response':
			return {
				due: ticket.next_response_due_at,
				done: ticket.next_response_due_at === null,
				breached: ticket.next_response_breached_at !== null
			};
		case 'resolution':
			return {
				due: ticket.resolution_due_at,
				done: ticket.status === 'solved' || ticket.status === 'closed',
				breached: ticket.resolution_breached_at !== null
			};
	}
}

function targetState(
	ticket: SlaTicket,
	target: SlaTarget,
	minutes: number,
	now: number
): TargetState {
	const { due, done, breached } = targetParts(ticket, target);
	if (target === 'next_response' && done) {
		return breached
			? { kind: 'missed', state: 'missed', label: 'Breached' }
			: { kind: 'idle', state: 'idle', label: 'No reply waiting' };
	}
	if (done) {
		return breached
			? { kind: 'missed', state: 'missed', label: 'Breached' }
			: { kind: 'met', state: 'met', label: 'Met' };
	}
	if (!due) return { kind: 'idle', state: 'idle', label: 'Not running' };
	if (ticket.sla_paused_at) {
		const left = Date.parse(due) - Date.parse(ticket.sla_paused_at);
		const rest = left > 0 ? `${formatSpan(left)} left` : `overdue ${formatSpan(left)}`;
		return { kind: 'paused', state: 'paused', label: `Paused, ${rest}`, due };
	}
	const dueAt = Date.parse(due);
	return { kind: 'running', due, ...runningClock(dueAt, dueAt - (minutes * minute) / 4, now) };
}

/** The ticket's targets under its SLA policy, each with its state at `now` (none without a policy). */
export function ticketTargets(ticket: SlaTicket, now: number): TargetRow[] {
	return slaTargets.flatMap((target) => {
		const minutes = targetMinutes(ticket.sla_targets, target);
		if (minutes === null) return [];
		return [
			{
				target,
				label: slaTargetLabels[target],
				minutes,
				status: targetState(ticket, target, minutes, now)
			}
		];
	});
}
