// The ticket forms' input rules; the database checks the same limits, these say it in plain words.
import { z } from 'zod';
import { ticketPriorities, ticketStatuses } from './status';

const text = (empty: string, max: number, tooLong: string) =>
	z.string({ error: empty }).trim().min(1, { error: empty }).max(max, { error: tooLong });

export const newTicketForm = z.object({
	subject: text('Give the ticket a subject.', 200, 'Keep the subject to 200 characters.'),
	description: text(
		'Describe the problem so we can help.',
		20_000,
		'Keep the description to 20,000 characters.'
	)
});

export const replyForm = z.object({
	body: text('Write something first.', 20_000, 'Keep a message to 20,000 characters.')
});

export const ticketUpdateForm = z.object({
	status: z.enum(ticketStatuses, { error: 'Choose a status.' }),
	priority: z.enum(ticketPriorities, { error: 'Choose a priority.' }),
	// An empty choice means nobody.
	assignee_id: z.union([z.literal('').transform(() => null), z.uuid({ error: 'Choose an agent.' })])
});

/** A ticket id from a route parameter: a positive integer, or nothing. */
export function ticketId(param: string): number | undefined {
	if (!/^[1-9][0-9]{0,15}$/.test(param)) return;
	const id = Number(param);
	return Number.isSafeInteger(id) ? id : undefined;
}
