// Ticket statuses and priorities: their order, their names for people, and which count as open work.
export const ticketStatuses = ['open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

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
