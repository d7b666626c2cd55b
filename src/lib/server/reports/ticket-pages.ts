// Every ticket behind a report as CSV lines, page by page (keyset on created_at, id). The database
// formats each page (report_tickets_csv) and says beforehand where the next pages end
// (report_tickets_csv_bounds), so pages are independent calls: two are in flight at once, one
// formatting in the database while the other travels and is written, and they are written in order.
import type { AppSupabaseClient } from '$lib/supabase';
import { reportArgs, type ReportFilters } from '$lib/reports';
import { inOrder } from './in-order';
import { reportFailure } from './queries';

// Each call answers one row holding up to this many CSV lines, so max_rows does not cap it: a
// million tickets are 100 calls of about 2 MB, at most `concurrency` of them in memory at once.
export const exportPageSize = 10_000;
// Page ends asked for at a time: one walk of the index per 200,000 tickets.
const endsPerCall = 20;
const concurrency = 2;

type Key = { created_at: string; id: number };
type Range = { after: Key | null; until: Key | null };

/** The database refused the export (a bad filter, no right to it); `status` says which. */
export class ExportRefused extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

function refused(error: Parameters<typeof reportFailure>[0]): ExportRefused {
	const { status, message } = reportFailure(error);
	return new ExportRefused(status, message);
}

/** Where the next full pages after `after` end (fewer than asked for: the range ends sooner). */
export async function pageEnds(
	supabase: AppSupabaseClient,
	filters: ReportFilters,
	after: Key | null
): Promise<Key[]> {
	const { data, error } = await supabase
		.rpc('report_tickets_csv_bounds', {
			...reportArgs(filters),
			after_created_at: after?.created_at,
			after_id: after?.id,
			page_size: exportPageSize,
			pages: endsPerCall
		})
		.single();
	if (error) throw refused(error);
	return data.ends_created_at.map((created_at, i) => ({ created_at, id: data.ends_id[i] }));
}

/** Each full page up to its end, then the rest of the range. */
async function* pageRanges(
	supabase: AppSupabaseClient,
	filters: ReportFilters,
	firstEnds: Key[]
): AsyncGenerator<Range> {
	let after: Key | null = null;
	let ends = firstEnds;
	for (;;) {
		for (const until of ends) {
			yield { after, until };
			after = until;
		}
		if (ends.length < endsPerCall) {
			yield { after, until: null };
			return;
		}
		ends = await pageEnds(supabase, filters, after);
	}
}

/**
 * The lines of one range. Tickets created into it after its end was found can make it longer than
 * a page: the calls go on from the last line until the range's end, so none is left out.
 */
async function rangeCsv(
	supabase: AppSupabaseClient,
	filters: ReportFilters,
	{ after, until }: Range
): Promise<string> {
	let csv = '';
	for (let from = after; ;) {
		const { data, error } = await supabase
			.rpc('report_tickets_csv', {
				...reportArgs(filters),
				after_created_at: from?.created_at,
				after_id: from?.id,
				until_created_at: until?.created_at,
				until_id: until?.id,
				page_size: exportPageSize
			})
			.single();
		if (error) throw refused(error);
		csv += data.csv;
		// A short page, or a full one reaching the range's end, is the range's last.
		if (data.rows < exportPageSize || data.last_id === until?.id) return csv;
		from = { created_at: data.last_created_at, id: data.last_id };
	}
}

/** The CSV lines of every page in order, given where the first pages end (from pageEnds). */
export const ticketPages = (
	supabase: AppSupabaseClient,
	filters: ReportFilters,
	firstEnds: Key[]
): AsyncGenerator<string> =>
	inOrder(
		pageRanges(supabase, filters, firstEnds),
		(range) => rangeCsv(supabase, filters, range),
		concurrency
	);
