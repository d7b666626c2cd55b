// The notification preferences a person may set, by role: bell notifications of the kinds their role
// receives (customers: about their tickets; staff: about the tickets they work), and for customers,
// the emails. An automation rule's notifications cannot be muted: the rule's author asked for them.
import { z } from 'zod';
import type { Role } from '$lib/auth';
import type { Enums } from '$lib/supabase';

export type NotificationKind = Enums<'notification_kind'>;
export type EmailChoice = 'email_ticket_received' | 'email_agent_reply' | 'email_ticket_solved';

interface Choice<K extends string> {
	key: K;
	label: string;
	hint: string;
}

const customerKinds: Choice<NotificationKind>[] = [
	{ key: 'reply', label: 'Replies from support', hint: 'An agent answered one of your tickets.' },
	{ key: 'status', label: 'Status changes', hint: 'A ticket of yours waits for you, or reopens.' },
	{ key: 'solved', label: 'Solved tickets', hint: 'A ticket of yours was marked solved.' }
];

const staffKinds: Choice<NotificationKind>[] = [
	{ key: 'assigned', label: 'Assigned to me', hint: 'A ticket was assigned to you.' },
	{ key: 'reply', label: 'Customer replies', hint: 'A customer replied on a ticket of yours.' },
	{
		key: 'status',
		label: 'Reopened or solved by the customer',
		hint: 'A customer reopened or solved a ticket of yours.'
	},
	{ key: 'mention', label: 'Mentions', hint: 'Someone wrote @your name in an internal note.' },
	{ key: 'rating', label: 'Ratings', hint: 'A customer rated the help on a ticket of yours.' }
];

export const emailChoices: Choice<EmailChoice>[] = [
	{
		key: 'email_ticket_received',
		label: 'Ticket received',
		hint: 'A confirmation when you open a ticket.'
	},
	{
		key: 'email_agent_reply',
		label: 'Replies from support',
		hint: 'The reply, with a link to answer.'
	},
	{
		key: 'email_ticket_solved',
		label: 'Ticket solved',
		hint: 'With a link to rate the help you got.'
	}
];

/** The bell notifications `role` receives and may mute. */
export const inAppChoices = (role: Role) => (role === 'client' ? customerKinds : staffKinds);

/** Only customers get email; staff follow their work in the app. */
export const receivesEmail = (role: Role) => role === 'client';

/** The checkbox that keeps bell notifications of `kind` coming. */
export const inAppField = (kind: NotificationKind) => `app_${kind}`;

const ticked = z
	.literal('on', { error: 'Tick the box or leave it empty.' })
	.optional()
	.transform((value) => value === 'on');

/**
 * The preferences form for `role`: the kinds left unticked become muted; the email choices are
 * read for customers only, so a staff member's form never changes them.
 */
export function preferencesForm(role: Role) {
	const kinds = inAppChoices(role);
	const shape = Object.fromEntries([
		...kinds.map((choice) => [inAppField(choice.key), ticked] as const),
		...(receivesEmail(role) ? emailChoices.map((choice) => [choice.key, ticked] as const) : [])
	]);
	return z.object(shape).transform((form) => ({
		muted_kinds: kinds
			.filter((choice) => !form[inAppField(choice.key)])
			.map((choice) => choice.key),
		...(receivesEmail(role)
			? (Object.fromEntries(emailChoices.map((choice) => [choice.key, form[choice.key]])) as Record<
					EmailChoice,
					boolean
				>)
			: {})
	}));
}
