// `Export CSV`: a chart's rows, or every ticket behind the report, streamed page by page (keyset on
// created_at, id) so a million rows go out with flat memory and the first bytes leave at once.
import type { AppSupabaseClient } from '$lib/supabase';
import {
	csvLine,
	datasetIds,
	datasets,
	reportArgs,
	type DatasetId,
	type ReportFilters
} from '$lib/reports';
import { fetchReport, filtersFor, reportFailure } from './queries';

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
	'First response (s)',
	'Resolution (s)',
	'Satisfaction'
];

// Each call answers one row holding up to this many CSV lines, formatted by the database
// (report_tickets_csv), so max_rows does not cap it: a million tickets are 100 calls, about 2 MB
// each, in memory one page at a time.
export const exportPageSize = 10_000;

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

type Page =
	| { ok: true; csv: string; next: { created_at: string; id: number } | null }
	| { ok: false; status: number; message: string };

async function ticketPage(
	supabase: AppSupabaseClient,
	filters: ReportFilters,
	after: { created_at: string; id: number } | null
): Promise<Page> {
	const { data, error } = await supabase
		.rpc('report_tickets_csv', {
			...reportArgs(filters),
			after_created_at: after?.created_at,
			after_id: after?.id,
			page_size: exportPageSize
		})
		.single();
	if (error) return { ok: false, ...reportFailure(error) };
	// A short page is the last one.
	const next =
		data.rows === exportPageSize ? { created_at: data.last_created_at, id: data.last_id } : null;
	return { ok: true, csv: data.csv, next };
}

async function streamTickets(supabase: AppSupabaseClient, filters: ReportFilters) {
	let page = await ticketPage(supabase, filters, null);
	if (!page.ok) return plain(page.status, page.message);
	const encoder = new TextEncoder();
	let text = csvLine(ticketHeader) + page.csv;
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			controller.enqueue(encoder.encode(text));
			if (!page.ok || !page.next) {
				controller.close();
				return;
			}
			page = await ticketPage(supabase, filters, page.next);
			// Headers are gone by now: a failure mid-way ends the download short, which the browser
			// reports as failed rather than as a complete file.
			if (!page.ok) controller.error(new Error(page.message));
			else text = page.csv;
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
