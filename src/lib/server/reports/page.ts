// What a report page loads: the filters from its URL, the report, today's figures and the filter
// options. A refused filter or range is shown on the page, with the filters to fix it.
import type { Role } from '$lib/auth';
import type { AppSupabaseClient } from '$lib/supabase';
import { fetchReport, fetchToday, filterOptions, filtersFor } from './queries';

export async function loadReportPage(
	supabase: AppSupabaseClient,
	url: URL,
	viewer: { id: string; role: Role }
) {
	// "My stats" starts at the viewer's own numbers, whoever views it.
	const ownStats = url.pathname.startsWith('/agent');
	const [{ zone, parsed }, options] = await Promise.all([
		filtersFor(supabase, url, ownStats ? viewer.id : null),
		filterOptions(supabase, viewer)
	]);
	if (!parsed.ok) {
		return { zone, options, filters: null, report: null, today: null, problem: parsed.message };
	}
	const [report, today] = await Promise.all([
		fetchReport(supabase, parsed.filters),
		fetchToday(supabase, parsed.filters)
	]);
	const problem = !report.ok ? report.message : !today.ok ? today.message : null;
	return {
		zone,
		options,
		filters: parsed.filters,
		report: report.ok ? report.data : null,
		today: today.ok ? today.data : null,
		problem
	};
}
