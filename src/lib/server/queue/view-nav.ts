// The views an agent picks from (built in, their teams', their saved and the shared ones) and their
// counts, for the workspace's view list. The counts are returned as a promise so the page streams
// while they are counted.
import { builtInViews, teamView, type NavView } from '$lib/queue';
import type { AppSupabaseClient } from '$lib/supabase';
import {
	loadMemberTeams,
	loadSavedViews,
	loadViewCounts,
	type SavedView,
	type ViewCount
} from './queries';

export interface ViewNav {
	builtIn: NavView[];
	teams: NavView[];
	saved: SavedView[];
	/** Null when the browser counts for itself. */
	counts: Promise<Record<string, ViewCount>> | null;
}

export async function loadViewNav(
	supabase: AppSupabaseClient,
	agentId: string,
	options: { counts: boolean }
): Promise<ViewNav> {
	const [teams, saved] = await Promise.all([
		loadMemberTeams(supabase, agentId),
		loadSavedViews(supabase)
	]);
	const builtIn = builtInViews.map(({ id, name, query }) => ({ id, name, query }));
	const teamViews = teams.map(teamView);
	const queries = Object.fromEntries(
		[...builtIn, ...teamViews, ...saved].map((view) => [view.id, view.query])
	);
	const counts = options.counts ? loadViewCounts(supabase, queries) : null;
	// A failed count shows as no count; the rest of the page does not wait for or on it.
	counts?.catch(() => {});
	return { builtIn, teams: teamViews, saved, counts };
}
