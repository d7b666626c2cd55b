// What a report page loads: the filters from its URL, the report, today's figures and the filter
// options. A refused filter or range is shown on the page, with the filters to fix it.
import type { Role } from '$lib/auth';
import type { AppSupabaseClient } from '$lib/supabase';
import {
	fetchReport,
	fetchToday,
	filterOptions,
	filtersIn,
	lastReadZone,
	reportZone
} from './queries';

/** The report and today's figures under a URL's filters, read in `zone`. */
async function figures(supabase: AppSupabaseClient, zone: string, url: URL, agent: string | null) {
	const parsed = filtersIn(zone, url, agent);
	if (!parsed.ok)
		return { zone, filters: null, report: null, today: null, problem: parsed.message };
	const [report, today] = await Promise.all([
		fetchReport(supabase, parsed.filters),
		fetchToday(supabase, parsed.filters)
	]);
	return {
		zone,
		filters: parsed.filters,
		report: report.ok ? report.data : null,
		today: today.ok ? today.data : null,
		problem: !report.ok ? report.message : !today.ok ? today.message : null
	};
}

export async function loadReportPage(
	supabase: AppSupabaseClient,
	url: URL,
	viewer: { id: string; role: Role }
) {
	// "My stats" starts at the viewer's own numbers, whoever views it.
	const agent = url.pathname.startsWith('/agent') ? viewer.id : null;
	const options = filterOptions(supabase, viewer);
	// The zone says which days a preset such as "30 days" covers, so the report waited for it. It
	// rarely changes: the report starts at once in the zone this process last read, beside reading
	// it again, and is asked for again only if the zone turns out to have changed.
	const zoneRead = reportZone(supabase);
	const guess = lastReadZone();
	const early = guess === undefined ? undefined : figures(supabase, guess, url, agent);
	// Not awaited when the guess was wrong; its failure must not count as unhandled then.
	early?.catch(() => {});
	const zone = await zoneRead;
	const found = early && zone === guess ? await early : await figures(supabase, zone, url, agent);
	return { ...found, options: await options };
}
