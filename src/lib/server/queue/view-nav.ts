// The views an agent picks from (built in, their teams', their saved and the shared ones) and their
// counts, as the workspace's view list takes them (loaded by $lib/server/agents/workspace). The
// counts are a promise, as the view list awaits them.
import type { NavView } from '$lib/queue';
import type { SavedView, ViewCount } from './queries';

export interface ViewNav {
	builtIn: NavView[];
	teams: NavView[];
	saved: SavedView[];
	/** Null when the browser counts for itself. */
	counts: Promise<Record<string, ViewCount>> | null;
}
