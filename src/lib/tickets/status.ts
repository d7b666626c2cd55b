// Ticket statuses and priorities: their order, their names for people, and which count as open work.
// The values and their order are the database's enums, as `npm run db:types` generates them.
import { Constants, type Enums } from '$lib/supabase';

export const ticketStatuses = Constants.public.Enums.ticket_status;
export type TicketStatus = Enums<'ticket_status'>;

export const ticketPriorities = Constants.public.Enums.ticket_priority;
export type TicketPriority = Enums<'ticket_priority'>;

/** Statuses that still need someone: the agent queue and the admin counts show these. */
export const unsolvedStatuses = ['open', 'pending', 'on_hold'] as const satisfies TicketStatus[];

export const statusLabels: Record<TicketStatus, string> = {
	open: 'Open',
	pending: 'Pending',
	on_hold: 'On hold',
	solved: 'Solved',
	closed: 'Closed'
};

export const priorityLabels: Record<TicketPriority, string> = {
	low: 'Low',
	normal: 'Normal',
	high: 'High',
	urgent: 'Urgent'
};
