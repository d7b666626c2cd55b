// Every chart's numbers as rows: what its table view shows and its `Export CSV` downloads, so the
// two cannot disagree.
import { priorityLabels, statusLabels, ticketPriorities, unsolvedStatuses } from '$lib/tickets';
import { formatDuration, metricLabels, percent, weekdays, type Report } from './report';

export type Cell = string | number;

export interface Column {
	key: string;
	label: string;
	/** How the table shows the value (the CSV keeps it raw). */
	format?: (value: Cell) => string;
	numeric?: boolean;
}

export interface Dataset {
	id: DatasetId;
	title: string;
	columns: Column[];
	rows: (report: Report) => Record<string, Cell>[];
}

export const datasetIds = [
	'volume',
	'open',
	'response-times',
	'sla',
	'csat',
	'leaderboard',
	'busiest-hours'
] as const;
export type DatasetId = (typeof datasetIds)[number];

const duration = (value: Cell) => formatDuration(Number(value));
const num = (key: string, label: string): Column => ({ key, label, numeric: true });

/** The label of a duration group's key (a priority, a team or an agent id). */
export function groupLabel(report: Report, dim: string, key: string): string {
	if (dim === 'priority') return priorityLabels[key as keyof typeof priorityLabels] ?? key;
	if (dim === 'team') return key ? (report.names.teams[key] ?? 'Unknown team') : 'No team';
	if (dim === 'agent') return key ? (report.names.agents[key] ?? 'Unknown agent') : 'Unassigned';
	return 'All tickets';
}

const dimOrder = ['all', 'priority', 'team', 'agent'];

/**
 * The duration groups as people read them: overall first, then priorities from low to urgent, then
 * teams and agents by name.
 */
export function orderedDurations(report: Report): Report['durations'] {
	const rank = (d: Report['durations'][number]) =>
		d.dim === 'priority' ? ticketPriorities.indexOf(d.key as (typeof ticketPriorities)[number]) : 0;
	return report.durations.toSorted(
		(a, b) =>
			dimOrder.indexOf(a.dim) - dimOrder.indexOf(b.dim) ||
			rank(a) - rank(b) ||
			groupLabel(report, a.dim, a.key).localeCompare(groupLabel(report, b.dim, b.key)) ||
			a.metric.localeCompare(b.metric)
	);
}

const dimLabels: Record<string, string> = {
	all: 'Overall',
	priority: 'Priority',
	team: 'Team',
	agent: 'Agent'
};

export const datasets: Record<DatasetId, Dataset> = {
	volume: {
		id: 'volume',
		title: 'Created, solved and backlog per day',
		columns: [
			{ key: 'day', label: 'Day' },
			num('created', 'Created'),
			num('solved', 'Solved'),
			num('backlog', 'Backlog')
		],
		rows: (report) =>
			report.series.map(({ day, created, solved, backlog }) => ({
				day: day.slice(0, 10),
				created,
				solved,
				backlog
			}))
	},
	open: {
		id: 'open',
		title: 'Open tickets by status and priority',
		columns: [
			{ key: 'status', label: 'Status' },
			...ticketPriorities.map((priority) => num(priority, priorityLabels[priority])),
			num('total', 'Total')
		],
		rows: (report) =>
			unsolvedStatuses.map((status) => {
				const row: Record<string, Cell> = { status: statusLabels[status] };
				let total = 0;
				for (const priority of ticketPriorities) {
					const tickets =
						report.open.find((o) => o.status === status && o.priority === priority)?.tickets ?? 0;
					row[priority] = tickets;
					total += tickets;
				}
				row.total = total;
				return row;
			})
	},
	'response-times': {
		id: 'response-times',
		title: 'First response and resolution times (business hours)',
		columns: [
			{ key: 'by', label: 'By' },
			{ key: 'group', label: 'Group' },
			{ key: 'metric', label: 'Measure' },
			num('tickets', 'Tickets'),
			{ key: 'median_seconds', label: 'Median (business hours)', format: duration, numeric: true },
			{
				key: 'p90_seconds',
				label: '90th percentile (business hours)',
				format: duration,
				numeric: true
			}
		],
		rows: (report) =>
			orderedDurations(report).map((d) => ({
				by: dimLabels[d.dim],
				group: groupLabel(report, d.dim, d.key),
				metric: metricLabels[d.metric],
				tickets: d.tickets,
				median_seconds: d.median_seconds,
				p90_seconds: d.p90_seconds
			}))
	},
	sla: {
		id: 'sla',
		title: 'SLA attainment',
		columns: [
			{ key: 'policy', label: 'Policy' },
			{ key: 'target', label: 'Target' },
			num('met', 'Met'),
			num('breached', 'Breached'),
			{ key: 'attainment', label: 'Attainment', numeric: true }
		],
		rows: (report) =>
			report.sla.map((s) => ({
				policy: s.policy,
				target: metricLabels[s.target],
				met: s.met,
				breached: s.breached,
				attainment: percent(s.met, s.met + s.breached)
			}))
	},
	csat: {
		id: 'csat',
		title: 'Customer satisfaction per day',
		columns: [
			{ key: 'day', label: 'Day' },
			num('rated', 'Ratings'),
			num('good', 'Good'),
			{ key: 'good_share', label: '% good', numeric: true }
		],
		rows: (report) =>
			report.series
				.filter((d) => d.rated > 0)
				.map((d) => ({
					day: d.day.slice(0, 10),
					rated: d.rated,
					good: d.good,
					good_share: percent(d.good, d.rated)
				}))
	},
	leaderboard: {
		id: 'leaderboard',
		title: 'Agent leaderboard',
		columns: [
			{ key: 'agent', label: 'Agent' },
			num('solved', 'Solved'),
			num('replies', 'Replies'),
			{
				key: 'first_response_median_seconds',
				label: 'Median first response (business hours)',
				numeric: true,
				format: (value) => (value === '' ? '–' : duration(value))
			},
			{ key: 'csat', label: 'CSAT', numeric: true }
		],
		rows: (report) =>
			report.leaderboard.map((a) => ({
				agent: a.name,
				solved: a.solved,
				replies: a.replies,
				first_response_median_seconds:
					report.durations.find(
						(d) => d.dim === 'agent' && d.key === a.agent_id && d.metric === 'first_response'
					)?.median_seconds ?? '',
				csat: percent(a.good, a.rated)
			}))
	},
	'busiest-hours': {
		id: 'busiest-hours',
		title: 'Incoming tickets by weekday and hour',
		columns: [{ key: 'weekday', label: 'Weekday' }, num('hour', 'Hour'), num('tickets', 'Tickets')],
		rows: (report) =>
			report.heatmap.map((h) => ({
				weekday: weekdays[h.weekday - 1],
				hour: h.hour,
				tickets: h.tickets
			}))
	}
};
