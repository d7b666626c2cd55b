// The queue page's form actions: save the view as shown (a new view, or replacing one's own), delete
// a saved view, and run a bulk action. Each result names its form (formResult).
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { resolve } from '$app/paths';
import { formResult, parseForm } from '$lib/forms';
import {
	bulkChange,
	bulkTargets,
	describeBulkResult,
	isUuid,
	parseQueueUrl,
	type TicketQuery
} from '$lib/queue';
import { bulkUpdate, deleteView, saveView } from './mutations';
import { loadTeams } from './queries';
import { effectiveQuery, resolveView } from './resolve';

const viewForm = z.object({
	name: z.string().trim().min(1, 'Name the view.').max(60, 'A view name is at most 60 characters.'),
	shared: z
		.string()
		.optional()
		.transform((value) => value === 'on'),
	state: z.string().max(4000).default(''),
	replace: z
		.string()
		.optional()
		.refine((value) => !value || isUuid(value), 'That view cannot be replaced.')
});

const deleteForm = z.object({
	id: z.string().refine(isUuid, 'Pick a view to delete.')
});

/** The query and columns the queue shows for a URL search, or the problems with it. */
async function stateQuery(event: RequestEvent, search: string) {
	const state = parseQueueUrl(new URLSearchParams(search));
	const problems = [...state.problems];
	const supabase = event.locals.supabase;
	const view = await resolveView(supabase, state.view, loadTeams(supabase), problems);
	const query: TicketQuery = effectiveQuery(view, state);
	return { query, columns: state.columns ?? view.columns, problems };
}

export const queueActions = {
	saveView: async (event: RequestEvent) => {
		const result = formResult('saveView');
		const parsed = parseForm(viewForm, await event.request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { name, shared, state, replace } = parsed.data;
		const shown = await stateQuery(event, state);
		if (shown.problems.length > 0) return result.fail(400, shown.problems[0], { name });
		const saved = await saveView(
			event.locals.supabase,
			{ name, shared, query: shown.query, columns: shown.columns },
			replace
		);
		if ('status' in saved) return result.fail(saved.status, saved.message, { name });
		redirect(303, `${resolve('/agent')}?view=${saved.id}`);
	},

	deleteView: async (event: RequestEvent) => {
		const result = formResult('deleteView');
		const parsed = parseForm(deleteForm, await event.request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const failed = await deleteView(event.locals.supabase, parsed.data.id);
		if (failed) return result.fail(failed.status, failed.message);
		redirect(303, resolve('/agent'));
	},

	bulk: async (event: RequestEvent) => {
		const result = formResult('bulk');
		const form = await event.request.formData();
		const change = parseForm(bulkChange, form);
		if (!change.ok) return result.fail(400, change);
		const targets = parseForm(bulkTargets, form);
		if (!targets.ok) return result.fail(400, targets);
		let picked: { ids: number[] } | { query: TicketQuery };
		if (targets.data.scope === 'view') {
			const shown = await stateQuery(event, targets.data.state);
			if (shown.problems.length > 0) return result.fail(400, shown.problems[0]);
			picked = { query: shown.query };
		} else {
			picked = { ids: targets.data.ids };
		}
		const done = await bulkUpdate(event.locals.supabase, change.data, picked);
		if ('status' in done) return result.fail(done.status, done.message);
		return result.ok({ result: done, message: describeBulkResult(done) });
	}
};
