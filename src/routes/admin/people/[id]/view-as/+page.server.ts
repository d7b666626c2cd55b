import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { failedLoad } from '$lib/server/admin/database-errors';
import { loadPerson, viewAsActivitiesQuery, viewAsTicketsQuery } from '$lib/server/admin/people';
import type { PageServerLoad } from './$types';

const ticketParam = z.coerce
	.number()
	.int()
	.positive()
	.max(Number.MAX_SAFE_INTEGER)
	.optional()
	.catch(undefined);

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const id = z.uuid().safeParse(params.id);
	if (!id.success) error(404, 'There is no such person.');
	const person = await loadPerson(locals.supabase, id.data);
	const ticket = ticketParam.parse(url.searchParams.get('ticket') ?? undefined);
	const [tickets, activities] = await Promise.all([
		viewAsTicketsQuery(locals.supabase, id.data),
		ticket ? viewAsActivitiesQuery(locals.supabase, id.data, ticket) : null
	]);
	if (tickets.error) failedLoad(tickets.error, 'Could not show what this person sees.', 'view as');
	return {
		person,
		tickets: tickets.data,
		ticket: ticket && tickets.data.some((row) => row.id === ticket) ? ticket : null,
		activities: activities?.data ?? []
	};
};
