// The views every agent has (built in), the one per team they belong to, and how a view is named in
// the URL (`?view=`): a built-in name, `team:<id>`, or a saved view's id.
import { unsolvedStatuses } from '$lib/tickets';
import type { TicketQuery } from './query';

/** A view as the view list shows it: its `?view=` value, its name and its query. */
export interface NavView {
	id: string;
	name: string;
	query: TicketQuery;
}

export type BuiltInView = NavView;

const unsolved = [...unsolvedStatuses];

/** The view the queue opens with: every ticket that still needs someone. */
export const defaultView: BuiltInView = {
	id: 'open',
	name: 'All open',
	query: { status: unsolved }
};

export const builtInViews = [
	{ id: 'mine', name: 'My open tickets', query: { assignee: ['me'], status: unsolved } },
	{ id: 'unassigned', name: 'Unassigned', query: { assignee: ['none'], status: unsolved } },
	defaultView,
	{
		id: 'breaching-soon',
		name: 'Breaching soon',
		query: { sla: 'soon', sort: 'sla', dir: 'asc' }
	},
	{ id: 'breached', name: 'Breached', query: { sla: 'breached', sort: 'sla', dir: 'asc' } },
	{ id: 'pending', name: 'Pending', query: { status: ['pending'] } },
	{ id: 'on-hold', name: 'On hold', query: { status: ['on_hold'] } },
	{
		id: 'solved',
		name: 'Recently solved',
		query: { status: ['solved', 'closed'], updated: { days: 7 } }
	},
	{ id: 'all', name: 'All tickets', query: {} }
] satisfies BuiltInView[];

export const defaultViewId = defaultView.id;

export const builtInView = (id: string): BuiltInView | undefined =>
	builtInViews.find((view) => view.id === id);

export const teamViewId = (teamId: string) => `team:${teamId}`;

/** A team's view: its tickets that still need someone. */
export const teamView = (team: { id: string; name: string }): BuiltInView => ({
	id: teamViewId(team.id),
	name: team.name,
	query: { team: [team.id], status: unsolved }
});

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => uuid.test(value);

export type ViewRef =
	| { kind: 'built-in'; view: BuiltInView }
	| { kind: 'team'; teamId: string }
	| { kind: 'saved'; id: string };

/** What `?view=` names, or null when it cannot name any view. */
export function viewRef(value: string): ViewRef | null {
	const view = builtInView(value);
	if (view) return { kind: 'built-in', view };
	if (value.startsWith('team:') && isUuid(value.slice(5))) {
		return { kind: 'team', teamId: value.slice(5) };
	}
	if (isUuid(value)) return { kind: 'saved', id: value };
	return null;
}
