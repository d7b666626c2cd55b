// The customer portal's view of tickets: the tabs of My tickets, and what a customer may do with a
// finished ticket. The windows are the database's (private.rating_window, private.reopen_window);
// customer.spec.ts keeps them equal to the migrations.
import { z } from 'zod';
import { Constants, type Enums } from '$lib/supabase';
import type { TicketStatus } from './status';

export const customerTabs = ['open', 'awaiting', 'solved', 'all'] as const;
export type CustomerTab = (typeof customerTabs)[number];

export const customerTabLabels: Record<CustomerTab, string> = {
	open: 'Open',
	awaiting: 'Awaiting your reply',
	solved: 'Solved',
	all: 'All'
};

/** Which statuses each tab shows: "open" is everything support still owes an answer on. */
export const customerTabStatuses: Record<CustomerTab, readonly TicketStatus[] | undefined> = {
	open: ['open', 'on_hold'],
	awaiting: ['pending'],
	solved: ['solved', 'closed'],
	all: undefined
};

export const customerTab = (value: string | null): CustomerTab =>
	customerTabs.find((tab) => tab === value) ?? 'all';

export const ratingWindowDays = 7;
export const reopenWindowDays = 14;
const day = 86_400_000;

export type SatisfactionRating = Enums<'satisfaction_rating'>;
export const satisfactionRatings = Constants.public.Enums.satisfaction_rating;

/** Whether the customer may still rate (or change the rating of) a ticket solved at `solvedAt`. */
export function mayRate(status: TicketStatus, solvedAt: string | null, now = Date.now()): boolean {
	if (status !== 'solved' && status !== 'closed') return false;
	return solvedAt !== null && now - Date.parse(solvedAt) <= ratingWindowDays * day;
}

/** Whether the customer may press Reopen; past the window they open a follow-up instead. */
export function mayReopen(status: TicketStatus, solvedAt: string | null, now = Date.now()) {
	if (status !== 'solved' && status !== 'closed') return false;
	return solvedAt === null || now - Date.parse(solvedAt) <= reopenWindowDays * day;
}

export const ratingForm = z.object({
	rating: z.enum(satisfactionRatings, { error: 'Choose Good or Bad.' }),
	comment: z
		.string()
		.trim()
		.max(2000, { error: 'Keep the comment to 2,000 characters.' })
		.optional()
		.default('')
});
