// What the queue page shows for a URL: the view and its query with the URL's changes, the first
// page, the total (streamed), and what the filter bar needs (teams, staff, the customers named).
// Every read starts as soon as what it needs is known, so a built-in view costs one round of
// parallel requests (its total included).
import { parseQueueUrl, queuePageSize } from '$lib/queue';
import { listStaff } from '$lib/server/tickets';
import type { AppSupabaseClient } from '$lib/supabase';
import { loadPeople, loadQueuePage, loadTeams, loadViewCounts } from './queries';
import { effectiveQuery, resolveView } from './resolve';

export async function loadQueue(supabase: AppSupabaseClient, url: URL) {
	const state = parseQueueUrl(url.searchParams);
	const problems = [...state.problems];
	const teams = loadTeams(supabase);
	const shown = resolveView(supabase, state.view, teams, problems).then((view) => ({
		view,
		query: effectiveQuery(view, state)
	}));
	const page = shown.then(({ query }) => loadQueuePage(supabase, query, null, queuePageSize));
	// Counted alongside the page rather than after it: a query the database refuses fails both
	// alike, and then the page's message shows and the count's failure is dropped.
	const counted = shown.then(({ query }) => loadViewCounts(supabase, { view: query }));
	counted.catch(() => {});
	const [{ view, query }, first, staff, customers] = await Promise.all([
		shown,
		page,
		listStaff(supabase),
		shown.then(({ query }) => loadPeople(supabase, query.customer ?? []))
	]);
	if ('problem' in first) problems.push(first.problem);
	const total =
		'problem' in first ? Promise.resolve(null) : counted.then((counts) => counts.view ?? null);
	// Shown when it arrives; a failure shows no total rather than failing the page.
	total.catch(() => {});
	return {
		view,
		state,
		query,
		columns: state.columns ?? view.columns,
		rows: 'problem' in first ? [] : first.rows,
		next: 'problem' in first ? null : first.next,
		total,
		problems,
		teams: await teams,
		staff,
		customers
	};
}
