// A rule in words, for the automations list: when it runs, on which tickets, and what it does.
import { priorityLabels, statusLabels } from '$lib/tickets';
import {
	amountOf,
	eventLabels,
	sinceLabels,
	slaTargetLabels,
	type TicketEvent
} from './automation-form';

type Json = Partial<Record<string, unknown>>;
type Names = (id: unknown) => string;

const label = (labels: Record<string, string>, value: unknown) =>
	labels[String(value)] ?? String(value);
const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

/** When a rule runs: "A ticket is created", "3 business days after its status last changed". */
export function ruleTrigger(event: string, schedule: unknown): string {
	if (event !== 'time') return eventLabels[event as TicketEvent] ?? event;
	const s = (schedule ?? {}) as Json;
	if ('sla_target' in s) {
		return `${s.percent_used}% of the ${label(slaTargetLabels, s.sla_target).toLowerCase()} target used`;
	}
	const business = s.business === true;
	const { amount, unit } = amountOf(Number(s.minutes ?? 0), business);
	const span = plural(amount, `${business ? 'business ' : ''}${unit.slice(0, -1)}`);
	return `${span} after ${label(sinceLabels, s.since)}`;
}

/** Which tickets: "status Pending · tags vip", or "every ticket". */
export function ruleConditions(conditions: unknown, names: Names): string {
	const c = (conditions ?? {}) as Json;
	const parts: string[] = [];
	const values = (key: string, render: (value: unknown) => string) =>
		Array.isArray(c[key]) ? (c[key] as unknown[]).map(render).join(' or ') : '';
	const add = (title: string, text: string) => text && parts.push(`${title} ${text}`);
	add(
		'status',
		values('status', (v) => label(statusLabels, v))
	);
	add(
		'priority',
		values('priority', (v) => label(priorityLabels, v))
	);
	add(
		'team',
		values('team_id', (v) => (v === null ? 'none' : names(v)))
	);
	add(
		'type',
		values('type_id', (v) => (v === null ? 'none' : names(v)))
	);
	add('customer', values('customer_id', names));
	add(
		'subject contains',
		values('subject_contains', (v) => `“${v}”`)
	);
	add('any tag of', strings(c.tags_any).join(', '));
	add('all tags', strings(c.tags_all).join(', '));
	add('no tag of', strings(c.tags_none).join(', '));
	return parts.join(' · ') || 'every ticket';
}

/** What it does: "set team Billing, add tags billing". */
export function ruleActions(actions: unknown, names: Names): string {
	const list = (Array.isArray(actions) ? actions : []) as Json[];
	return list
		.map((a) => {
			switch (a.type) {
				case 'set_status':
					return `set status ${label(statusLabels, a.status)}`;
				case 'set_priority':
					return `set priority ${label(priorityLabels, a.priority)}`;
				case 'raise_priority':
					return 'raise priority';
				case 'set_team':
					return a.team_id ? `set team ${names(a.team_id)}` : 'clear team';
				case 'set_type':
					return a.type_id ? `set type ${names(a.type_id)}` : 'clear type';
				case 'assign':
					return `assign ${names(a.assignee_id)}`;
				case 'unassign':
					return 'unassign';
				case 'route':
					return 'route to an agent';
				case 'add_tags':
					return `add tags ${strings(a.tags).join(', ')}`;
				case 'remove_tags':
					return `remove tags ${strings(a.tags).join(', ')}`;
				case 'apply_macro':
					return `apply macro ${names(a.macro_id)}`;
				case 'add_note':
					return 'add a note';
				case 'reply':
					return 'reply to the customer';
				case 'notify':
					return a.recipients === 'team' ? 'notify the team' : 'notify the assignee';
				default:
					return String(a.type);
			}
		})
		.join(', ');
}
