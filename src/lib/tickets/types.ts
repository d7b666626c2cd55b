// Rows as the portals read them (the columns each page selects, with embedded people).
import type { Role } from '$lib/auth';
import type { TicketPriority, TicketStatus } from './status';

export type ActivityKind =
	'reply' | 'note' | 'status' | 'assignment' | 'priority' | 'tags' | 'rating' | 'system';

export interface Person {
	id: string;
	full_name: string;
	email: string;
	role: Role;
}

export interface TicketSummary {
	id: number;
	subject: string;
	status: TicketStatus;
	priority: TicketPriority;
	created_at: string;
	updated_at: string;
	customer: Pick<Person, 'full_name' | 'email'> | null;
	assignee: Pick<Person, 'id' | 'full_name'> | null;
}

export interface TicketDetail extends TicketSummary {
	description: string;
	customer_id: string;
	assignee_id: string | null;
	solved_at: string | null;
}

export interface Activity {
	id: number;
	kind: ActivityKind;
	body: string | null;
	is_internal: boolean;
	meta: { field?: string; old?: unknown; new?: unknown };
	created_at: string;
	author: Pick<Person, 'id' | 'full_name' | 'role'> | null;
}
