// Bulk actions: the form the queue posts (what to change, and which tickets: picked ids, or every
// ticket of the current view), the result bulk_update_tickets returns, and the sentence a toast
// says about it.
import { z } from 'zod';
import { ticketPriorities, ticketStatuses } from '$lib/tickets';
import { isUuid } from './views';

/** What one call may change at most; the database holds the same limit. */
export const maxBulkTickets = 5000;

const tagList = z
	.string()
	.transform((value) =>
		[...new Set(value.split(',').map((tag) => tag.trim().toLowerCase()))].filter(Boolean)
	)
	.pipe(
		z
			.array(z.string().max(50, 'A tag is at most 50 characters.'))
			.min(1, 'Name at least one tag.')
			.max(20, 'At most 20 tags at once.')
	);

const person = z
	.string()
	.refine(
		(value) => value === 'me' || value === 'none' || isUuid(value),
		'Pick someone to assign.'
	);
const team = z.string().refine((value) => value === 'none' || isUuid(value), 'Pick a team.');

/** The change: one action and its value. */
export const bulkChange = z.discriminatedUnion(
	'action',
	[
		z.object({ action: z.literal('assign'), value: person }),
		z.object({
			action: z.literal('status'),
			value: z.enum(ticketStatuses, { error: 'Pick a status.' })
		}),
		z.object({
			action: z.literal('priority'),
			value: z.enum(ticketPriorities, { error: 'Pick a priority.' })
		}),
		z.object({ action: z.literal('team'), value: team }),
		z.object({ action: z.literal('add_tags'), value: tagList }),
		z.object({ action: z.literal('remove_tags'), value: tagList })
	],
	{ error: 'Pick an action: assign, status, priority, team, or tags.' }
);
export type BulkChange = z.output<typeof bulkChange>;

/** Which tickets: the ids picked, or (`scope=view`) every ticket of the view in `state`. */
export const bulkTargets = z.discriminatedUnion(
	'scope',
	[
		z.object({
			scope: z.literal('view'),
			state: z.string().max(4000, 'That view is too long to act on.')
		}),
		z.object({
			scope: z.literal('ids'),
			ids: z
				.string()
				.transform((value) => value.split(',').filter(Boolean))
				.pipe(
					z
						.array(z.string().regex(/^\d{1,18}$/, 'Ticket ids are whole numbers.'))
						.min(1, 'Select some tickets first.')
						.max(
							maxBulkTickets,
							`A bulk action changes at most ${maxBulkTickets.toLocaleString('en')} tickets at a time.`
						)
				)
				.transform((ids) => ids.map(Number))
		})
	],
	{ error: 'Select some tickets first.' }
);

/** The `changes` object bulk_update_tickets takes. */
export function changesOf(change: BulkChange) {
	switch (change.action) {
		case 'assign':
			return { assignee: change.value === 'none' ? null : change.value };
		case 'team':
			return { team: change.value === 'none' ? null : change.value };
		case 'status':
			return { status: change.value };
		case 'priority':
			return { priority: change.value };
		case 'add_tags':
			return { add_tags: change.value };
		case 'remove_tags':
			return { remove_tags: change.value };
	}
}

export const bulkResult = z.object({
	changed: z.number(),
	unchanged: z.number(),
	refused: z.number(),
	reasons: z.array(z.object({ reason: z.string(), count: z.number(), ids: z.array(z.number()) }))
});
export type BulkResult = z.output<typeof bulkResult>;

const tickets = (count: number) => `${count.toLocaleString('en')} ticket${count === 1 ? '' : 's'}`;

/** "Changed 28 tickets; 2 refused: It would have more than 20 tags." */
export function describeBulkResult(result: BulkResult): string {
	const parts = [
		result.changed > 0 ? `Changed ${tickets(result.changed)}` : 'Nothing changed',
		result.unchanged > 0 ? `${tickets(result.unchanged)} already so` : ''
	].filter(Boolean);
	const summary = parts.join(', ');
	if (result.refused === 0) return `${summary}.`;
	const reasons = result.reasons
		.map(
			(reason) =>
				`${reason.reason} (${reason.ids.map((id) => `#${id}`).join(', ')}${reason.count > reason.ids.length ? ', …' : ''})`
		)
		.join(' ');
	return `${summary}; ${result.refused.toLocaleString('en')} refused: ${reasons}`;
}
