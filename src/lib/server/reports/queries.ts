// The report pages' reads, under the caller's JWT: the report functions check the role, scope and
// two-factor sign-in themselves; the option lists come through RLS.
import type { PostgrestError } from '@supabase/supabase-js';
import type { AppSupabaseClient } from '$lib/supabase';
import {
	parseFilters,
	reportArgs,
	reportSchema,
	scopeArgs,
	todayIn,
	todaySchema,
	type ReportFilters
} from '$lib/reports';

let lastZone: string | undefined;

/** The workspace's zone, in which report days begin and end: the default business calendar's. */
export async function reportZone(supabase: AppSupabaseClient): Promise<string> {
	const { data } = await supabase
		.from('business_calendars')
		.select('time_zone')
		.eq('is_default', true)
		.maybeSingle();
	lastZone = data?.time_zone ?? 'UTC';
	return lastZone;
}

/** The zone this server process last read, if any: right unless the workspace changed it since. */
export const lastReadZone = () => lastZone;

/** A refusal from a report function, for the person: what they can fix, never SQL. */
export function reportFailure(error: PostgrestError): { status: number; message: string } {
	if (error.code === '22023') return { status: 400, message: error.message };
	if (error.code === '42501') return { status: 403, message: error.message };
	console.error('report failed:', error.code, error.message);
	return { status: 503, message: 'The report could not be computed just now. Try again shortly.' };
}

export async function fetchReport(supabase: AppSupabaseClient, filters: ReportFilters) {
	const { data, error } = await supabase.rpc('report', reportArgs(filters));
	if (error) return { ok: false as const, ...reportFailure(error) };
	return { ok: true as const, data: reportSchema.parse(data) };
}

export async function fetchToday(supabase: AppSupabaseClient, filters: ReportFilters) {
	const { data, error } = await supabase.rpc('report_today', scopeArgs(filters));
	if (error) return { ok: false as const, ...reportFailure(error) };
	return { ok: true as const, data: todaySchema.parse(data) };
}

export interface FilterOptions {
	teams: { id: string; name: string }[];
	agents: { id: string; name: string }[];
	types: { id: string; name: string }[];
}

/** What the filters offer: the teams the caller may report on, staff, and ticket types. */
export async function filterOptions(
	supabase: AppSupabaseClient,
	viewer: { id: string; role: string }
): Promise<FilterOptions> {
	const teamsQuery =
		viewer.role === 'admin'
			? supabase.from('teams').select('id, name').order('name')
			: supabase
					.from('teams')
					.select('id, name, team_members!inner(agent_id)')
					.eq('team_members.agent_id', viewer.id)
					.order('name');
	const [teams, agents, types] = await Promise.all([
		teamsQuery,
		supabase
			.from('profiles')
			.select('id, full_name, email')
			.in('role', ['agent', 'admin'])
			.order('full_name'),
		supabase.from('ticket_types').select('id, name').order('position')
	]);
	return {
		teams: (teams.data ?? []).map(({ id, name }) => ({ id, name })),
		agents: (agents.data ?? []).map((p) => ({ id: p.id, name: p.full_name || p.email })),
		types: types.data ?? []
	};
}

/**
 * The filters of a report URL. On an agent's own stats page the agent filter starts at themselves
 * (`agent=` with no value asks for everyone in their teams).
 */
export async function filtersFor(
	supabase: AppSupabaseClient,
	url: URL,
	defaultAgent: string | null
) {
	const zone = await reportZone(supabase);
	return { zone, parsed: filtersIn(zone, url, defaultAgent) };
}

/** The filters of a report URL, with its presets read in `zone`. */
export function filtersIn(zone: string, url: URL, defaultAgent: string | null) {
	const search = new URLSearchParams(url.searchParams);
	if (defaultAgent && !search.has('agent')) search.set('agent', defaultAgent);
	return parseFilters(search, todayIn(zone));
}
