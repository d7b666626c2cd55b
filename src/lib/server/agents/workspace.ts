// What every page of the agent workspace shows around itself: the view list (built in, the agent's
// teams', the saved ones, with their counts) and the agent's own availability, in one request
// (`agent_workspace`) rather than four in two rounds: each request through the API costs the app and
// the API more than the SQL it runs.
import { error } from '@sveltejs/kit';
import type { AgentAvailability } from '$lib/components/layout';
import { builtInViews, teamView, type TicketQuery } from '$lib/queue';
import type { ViewNav } from '$lib/server/queue';
import { savedView, type ViewCount } from '$lib/server/queue/queries';
import type { AppSupabaseClient, Json } from '$lib/supabase';

/** The answer of `agent_workspace` (see its migration); the database returns it as JSON. */
interface WorkspaceData {
	teams: { id: string; name: string }[];
	saved: Parameters<typeof savedView>[0][];
	availability: AgentAvailability | null;
	counts: Record<string, ViewCount> | null;
	counts_error: string | null;
}

const builtInQueries = Object.fromEntries(builtInViews.map((view) => [view.id, view.query]));
/** A team view's query without its team, which the database adds for each of the agent's teams. */
const perTeamQuery: TicketQuery = { ...teamView({ id: '', name: '' }).query, team: undefined };

export const workspaceQuery = (supabase: AppSupabaseClient, counts: boolean) =>
	supabase.rpc('agent_workspace', {
		builtin_queries: builtInQueries as Json,
		team_query: perTeamQuery as Json,
		with_counts: counts
	});

export interface Workspace {
	views: ViewNav;
	/** Available until the agent chose otherwise (no row yet). */
	availability: AgentAvailability;
}

/**
 * The view list and availability; with `counts`, the views' counts too (a browser that already shows
 * the workspace counts for itself). Counts are a promise as the view list takes them, resolved.
 */
export async function loadWorkspace(
	supabase: AppSupabaseClient,
	options: { counts: boolean }
): Promise<Workspace> {
	const { data, error: failed } = await workspaceQuery(supabase, options.counts);
	if (failed || !data) {
		console.error('loading the workspace failed:', failed?.code, failed?.message);
		if (failed?.code === '42501') error(403, 'Only agents and admins may use the workspace.');
		error(503, 'Could not load the workspace. Try again in a moment.');
	}
	const workspace = data as unknown as WorkspaceData;
	// A failed count shows as no count, as it did when counts were a request of their own.
	if (workspace.counts_error) console.error('counting the views failed:', workspace.counts_error);
	return {
		views: {
			builtIn: builtInViews.map(({ id, name, query }) => ({ id, name, query })),
			teams: workspace.teams.map(teamView),
			saved: workspace.saved.map(savedView),
			counts: options.counts && workspace.counts ? Promise.resolve(workspace.counts) : null
		},
		availability: workspace.availability ?? 'available'
	};
}
