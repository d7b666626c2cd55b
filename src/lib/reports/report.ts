// What public.report and public.report_today answer, checked at the boundary (the functions return
// jsonb, which the generated types cannot describe).
import { z } from 'zod';
import { ticketPriorities, ticketStatuses } from '$lib/tickets';

const count = z.coerce.number();

export const todaySchema = z.object({
	day: z.string(),
	time_zone: z.string(),
	created: count,
	solved: count,
	replies: count,
	open: count,
	unassigned: count,
	/** The rollups wait for the minute job's rebuild after a calendar change. */
	stale: z.boolean()
});
export type Today = z.infer<typeof todaySchema>;

export const reportSchema = z.object({
	from: z.string(),
	to: z.string(),
	time_zone: z.string(),
	/** As today's `stale`: the figures are being recalculated. */
	stale: z.boolean(),
	totals: z.object({
		created: count,
		solved: count,
		replies: count,
		first_responses: count,
		rated: count,
		good: count
	}),
	series: z.array(
		z.object({
			day: z.string(),
			created: count,
			solved: count,
			backlog: count,
			rated: count,
			good: count
		})
	),
	open: z.array(
		z.object({ status: z.enum(ticketStatuses), priority: z.enum(ticketPriorities), tickets: count })
	),
	durations: z.array(
		z.object({
			dim: z.enum(['all', 'priority', 'team', 'agent']),
			key: z.string(),
			metric: z.enum(['first_response', 'resolution']),
			tickets: count,
			median_seconds: count,
			p90_seconds: count
		})
	),
	sla: z.array(
		z.object({
			policy_id: z.string(),
			policy: z.string(),
			target: z.enum(['first_response', 'resolution']),
			met: count,
			breached: count
		})
	),
	leaderboard: z.array(
		z.object({
			agent_id: z.string(),
			name: z.string(),
			solved: count,
			replies: count,
			rated: count,
			good: count
		})
	),
	heatmap: z.array(z.object({ weekday: count, hour: count, tickets: count })),
	comments: z.array(
		z.object({
			ticket_id: count,
			subject: z.string(),
			rating: z.enum(['good', 'bad']),
			comment: z.string(),
			solved_at: z.string()
		})
	),
	names: z.object({
		teams: z.record(z.string(), z.string()),
		agents: z.record(z.string(), z.string())
	})
});
export type Report = z.infer<typeof reportSchema>;

export type Metric = Report['durations'][number]['metric'];

export const metricLabels: Record<Metric, string> = {
	first_response: 'First response',
	resolution: 'Resolution'
};

/** A duration for people: "under a minute", "42 min", "5.5 h", "3.2 days". */
export function formatDuration(seconds: number): string {
	if (seconds <= 60) return '≤ 1 min';
	const minutes = seconds / 60;
	if (minutes < 90) return `${Math.round(minutes)} min`;
	const hours = minutes / 60;
	if (hours < 48) return `${hours.toFixed(1)} h`;
	return `${(hours / 24).toFixed(1)} days`;
}

/** A share as a whole percentage, or an en dash when there is nothing to divide. */
export const percent = (part: number, whole: number) =>
	whole > 0 ? `${Math.round((part / whole) * 100)}%` : '–';

export const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
