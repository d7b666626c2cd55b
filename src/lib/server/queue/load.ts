// What the queue page shows for a URL: the view and its query with the URL's changes, the first
// page, the total (streamed), and what the filter bar needs (teams, staff, the customers named).
// Every read starts as soon as what it needs is known, so a built-in view costs one round of
// parallel requests. The total is the sidebar's count of the view when the caller has it and the
// URL changes none of the view's filters (a sort is not one): the same count, not asked twice.
import { parseQueueUrl, queuePageSize, type QueueUrlState } from '$lib/queue';
import { listStaff } from '$lib/server/tickets';
import type { AppSupabaseClient } from '$lib/supabase';
import { loadPeople, loadQueuePage, loadTeams, loadViewCounts, type ViewCount } from './queries';
import { effectiveQuery, resolveView } from './resolve';

/** Whether the URL leaves the view's filters as they are (it may sort them differently). */
const keepsFilters = (state: QueueUrlState) =>
	Object.keys(state.overrides).every((key) => key === 'sort' || key === 'dir');

/**
 * `sidebarCounts`: the counts of the views in the sidebar, keyed by view id, when they are being
 * counted for the same request (null when they are not).
 */
export async function loadQueue(
	supabase: AppSupabaseClient,
	url: URL,
	sidebarCounts: Promise<Record<string, ViewCount> | null> | null = null
) {
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
	const counted = shown.then(async ({ view, query }) => {
		const counts = sidebarCounts && keepsFilters(state) ? await sidebarCounts : null;
		return counts?.[view.id] ?? (await loadViewCounts(supabase, { view: query })).view;
	});
	counted.catch(() => {});
	const [{ view, query }, first, staff, customers] = await Promise.all([
		shown,
		page,
		listStaff(supabase),
		shown.then(({ query }) => loadPeople(supabase, query.customer ?? []))
	]);
	if ('problem' in first) problems.push(first.problem);
	const total = 'problem' in first ? Promise.resolve(null) : counted.then((count) => count ?? null);
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
