// The sentence a history row stands for ("Status changed from Open to Solved").
import { priorityLabels, statusLabels, type TicketPriority, type TicketStatus } from './status';
import type { Activity } from './types';

const label = <K extends string>(labels: Record<K, string>, value: unknown) =>
	typeof value === 'string' && value in labels ? labels[value as K] : 'none';

/** `names` maps people's ids to their names, for assignments. */
export function describeActivity(activity: Activity, names: Record<string, string> = {}): string {
	const { meta } = activity;
	switch (activity.kind) {
		case 'status':
			return `Status changed from ${label<TicketStatus>(statusLabels, meta.old)} to ${label<TicketStatus>(statusLabels, meta.new)}`;
		case 'priority':
			return `Priority changed from ${label<TicketPriority>(priorityLabels, meta.old)} to ${label<TicketPriority>(priorityLabels, meta.new)}`;
		case 'assignment': {
			if (meta.field === 'team_id')
				return meta.new ? 'Moved to another team' : 'Removed from its team';
			if (typeof meta.new !== 'string') return 'Unassigned';
			return `Assigned to ${names[meta.new] ?? 'an agent'}`;
		}
		case 'tags': {
			const tags = Array.isArray(meta.new) ? meta.new.join(', ') : '';
			return tags ? `Tags set to ${tags}` : 'Tags removed';
		}
		case 'rating':
			return `Rated ${String(meta.new)} out of 5`;
		default:
			return activity.body ?? '';
	}
}

/** Replies and notes are messages; everything else is a line of history. */
export const isMessage = (activity: Activity) =>
	activity.kind === 'reply' || activity.kind === 'note';
