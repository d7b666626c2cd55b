// From the URL's state to the view the queue shows: which view `?view=` names (built in, a team's,
// or a saved one the caller may see), its query with the URL's changes, and its columns. A view
// that cannot be found is named in `problems` and the default view shows instead.
import {
	applyOverrides,
	defaultColumns,
	defaultView,
	isColumnKey,
	teamView,
	viewRef,
	type ColumnKey,
	type QueueUrlState,
	type TicketQuery
} from '$lib/queue';
import type { AppSupabaseClient } from '$lib/supabase';
import { loadSavedView, type SavedView, type Team } from './queries';

export interface ShownView {
	/** The `?view=` value. */
	id: string;
	name: string;
	/** The view's own query, before the URL's changes. */
	query: TicketQuery;
	columns: ColumnKey[];
	/** Set for a saved view. */
	saved?: SavedView;
}

const fallback = (): ShownView => ({ ...defaultView, columns: defaultColumns });

export async function resolveView(
	supabase: AppSupabaseClient,
	ref: string,
	teams: Promise<Team[]>,
	problems: string[]
): Promise<ShownView> {
	const named = viewRef(ref);
	if (!named) {
		problems.push(`There is no view “${ref.slice(0, 40)}”; showing All open instead.`);
		return fallback();
	}
	if (named.kind === 'built-in') {
		return { ...named.view, columns: defaultColumns };
	}
	if (named.kind === 'team') {
		const team = (await teams).find((candidate) => candidate.id === named.teamId);
		if (team) return { ...teamView(team), columns: defaultColumns };
		problems.push('There is no such team; showing All open instead.');
		return fallback();
	}
	const saved = await loadSavedView(supabase, named.id);
	if (!saved) {
		problems.push(
			'That view does not exist, or it is neither yours nor shared; showing All open instead.'
		);
		return fallback();
	}
	return {
		id: saved.id,
		name: saved.name,
		query: saved.query,
		columns: saved.columns.length > 0 ? saved.columns.filter(isColumnKey) : defaultColumns,
		saved
	};
}

/** The query the queue runs: the view's, with the URL's changes. */
export const effectiveQuery = (view: ShownView, state: QueueUrlState): TicketQuery =>
	applyOverrides(view.query, state.overrides);
