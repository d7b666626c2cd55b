// The sentence a history row stands for ("Status changed from Open to Solved").
import type { Json } from '$lib/supabase';
import type { SatisfactionRating } from './customer';
import { describeEvent } from './events';
import { priorityLabels, statusLabels } from './status';
import type { Activity } from './types';

/** A history row's `meta` as the triggers write it: the field, its old and its new value. */
const changeIn = (meta: Json): { [key: string]: Json | undefined } =>
	meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? meta : {};

const isKeyOf = <K extends string>(labels: Record<K, string>, value: unknown): value is K =>
	typeof value === 'string' && Object.hasOwn(labels, value);

const ratingLabels: Record<SatisfactionRating, string> = { good: 'Good', bad: 'Bad' };

const label = <K extends string>(labels: Record<K, string>, value: unknown) =>
	isKeyOf(labels, value) ? labels[value] : 'none';

/** `names` maps people's ids to their names, for assignments. */
export function describeActivity(
	activity: Pick<Activity, 'kind' | 'meta' | 'body'>,
	names: Record<string, string> = {}
): string {
	const meta = changeIn(activity.meta);
	switch (activity.kind) {
		case 'status':
			return `Status changed from ${label(statusLabels, meta.old)} to ${label(statusLabels, meta.new)}`;
		case 'priority':
			return `Priority changed from ${label(priorityLabels, meta.old)} to ${label(priorityLabels, meta.new)}`;
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
			// The database logs a new comment on an unchanged rating as a rating row too.
			if (meta.field === 'satisfaction_comment') return 'Rating comment changed';
			return `Rated ${label(ratingLabels, meta.new)}`;
		default:
			return describeEvent(meta) ?? activity.body ?? '';
	}
}

/** Replies and notes are messages; everything else is a line of history. */
export const isMessage = (activity: Pick<Activity, 'kind'>) =>
	activity.kind === 'reply' || activity.kind === 'note';
