// What changed on a ticket between two readings of it, in words, for the notice an agent sees when
// someone else changed the ticket while they were editing it.
import { priorityLabels, statusLabels, type TicketPriority, type TicketStatus } from './status';

export interface TicketState {
	status: TicketStatus;
	priority: TicketPriority;
	assignee_id: string | null;
	team_id: string | null;
	tags: string[];
	due_at: string | null;
	custom_fields: unknown;
}

export interface Change {
	label: string;
	now: string;
}

const show = (value: unknown): string => {
	if (value === null || value === undefined || value === '') return 'empty';
	if (Array.isArray(value)) return value.length ? value.join(', ') : 'empty';
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	return String(value);
};

const fieldsOf = (value: unknown): Record<string, unknown> =>
	value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};

/** The properties that differ, each with its label and its value now. */
export function ticketChanges(
	before: TicketState,
	after: TicketState,
	names: {
		people: Record<string, string>;
		teams: Record<string, string>;
		fields: Record<string, string>;
	}
): Change[] {
	const changes: Change[] = [];
	if (before.status !== after.status)
		changes.push({ label: 'Status', now: statusLabels[after.status] });
	if (before.priority !== after.priority) {
		changes.push({ label: 'Priority', now: priorityLabels[after.priority] });
	}
	if (before.assignee_id !== after.assignee_id) {
		changes.push({
			label: 'Assignee',
			now: after.assignee_id ? (names.people[after.assignee_id] ?? 'an agent') : 'nobody'
		});
	}
	if (before.team_id !== after.team_id) {
		changes.push({
			label: 'Team',
			now: after.team_id ? (names.teams[after.team_id] ?? 'a team') : 'none'
		});
	}
	if (before.tags.join('\n') !== after.tags.join('\n'))
		changes.push({ label: 'Tags', now: show(after.tags) });
	if (before.due_at !== after.due_at) {
		changes.push({ label: 'Due date', now: after.due_at ? after.due_at.slice(0, 10) : 'none' });
	}
	const [old, now] = [fieldsOf(before.custom_fields), fieldsOf(after.custom_fields)];
	for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
		if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) {
			changes.push({ label: names.fields[key] ?? key, now: show(now[key]) });
		}
	}
	return changes;
}
