// `Export CSV`: a chart's rows, or every ticket behind the report, streamed page by page (keyset on
// created_at, id, see ticket-pages) so a million rows go out with flat memory and the first bytes
// leave at once.
import type { AppSupabaseClient } from '$lib/supabase';
import { csvLine, datasetIds, datasets, type DatasetId, type ReportFilters } from '$lib/reports';
import { fetchReport, filtersFor } from './queries';
import { ExportRefused, pageEnds, ticketPages } from './ticket-pages';

const ticketHeader = [
	'Ticket',
	'Created at',
	'Subject',
	'Status',
	'Priority',
	'Team',
	'Agent',
	'Type',
	'First response at',
	'Solved at',
	// Elapsed, unlike the charts' business hours: the raw facts, recomputable in any calendar, and
	// cheap enough per row for the stream (see the migration report_business_hours).
	'First response (elapsed s)',
	'Resolution (elapsed s)',
	'Satisfaction'
];

const plain = (status: number, message: string) =>
	new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

const csvResponse = (name: string, filters: ReportFilters, body: ReadableStream<Uint8Array>) =>
	new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="autocrm-${name}-${filters.from}-to-${filters.to}.csv"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});

async function streamTickets(supabase: AppSupabaseClient, filters: ReportFilters) {
	// The first call checks the filters and the caller's rights, while a refusal can still be the
	// response.
	let firstEnds;
	try {
		firstEnds = await pageEnds(supabase, filters, null);
	} catch (error) {
		if (error instanceof ExportRefused) return plain(error.status, error.message);
		throw error;
	}
	const pages = ticketPages(supabase, filters, firstEnds);
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(encoder.encode(csvLine(ticketHeader)));
		},
		async pull(controller) {
			try {
				const page = await pages.next();
				if (page.done) controller.close();
				else controller.enqueue(encoder.encode(page.value));
			} catch (error) {
				// Headers are gone by now: a failure mid-way ends the download short, which the
				// browser reports as failed rather than as a complete file.
				controller.error(error);
			}
		},
		async cancel() {
			await pages.return(undefined);
		}
	});
	return csvResponse('tickets', filters, body);
}

/** The CSV for `?dataset=` (a chart's id, or `tickets`) under the URL's filters. */
export async function exportCsv(
	supabase: AppSupabaseClient,
	url: URL,
	defaultAgent: string | null
): Promise<Response> {
	const dataset = url.searchParams.get('dataset') ?? '';
	if (dataset !== 'tickets' && !(datasetIds as readonly string[]).includes(dataset)) {
		return plain(400, `Choose what to export: tickets, ${datasetIds.join(', ')}.`);
	}
	const { parsed } = await filtersFor(supabase, url, defaultAgent);
	if (!parsed.ok) return plain(400, parsed.message);
	if (dataset === 'tickets') return streamTickets(supabase, parsed.filters);

	const report = await fetchReport(supabase, parsed.filters);
	if (!report.ok) return plain(report.status, report.message);
	const { columns, rows } = datasets[dataset as DatasetId];
	const lines = [
		csvLine(columns.map((c) => c.label)),
		...rows(report.data).map((row) => csvLine(columns.map((c) => row[c.key])))
	];
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			const line = lines.shift();
			if (line === undefined) controller.close();
			else controller.enqueue(encoder.encode(line));
		}
	});
	return csvResponse(dataset, parsed.filters, body);
}
