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

const ticketColumns = [
	'ticket_id',
	'created_at',
	'subject',
	'status',
	'ticket_priority',
	'team',
	'agent',
	'ticket_type',
	'first_response_at',
	'solved_at',
	'first_response_seconds',
	'resolution_seconds',
	'satisfaction'
] as const;

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

// The API answers at most max_rows (1,000 on Supabase by default) whatever a call asks for, so
// the stream goes on until a page comes back empty rather than short.
export const exportPageSize = 1000;

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
	{ ok: true; rows: Record<string, unknown>[] } | { ok: false; status: number; message: string };

async function ticketPage(
	supabase: AppSupabaseClient,
	filters: ReportFilters,
	after: { created_at: string; id: number } | null
): Promise<Page> {
	const { data, error } = await supabase.rpc('report_tickets', {
		...reportArgs(filters),
		after_created_at: after?.created_at,
		after_id: after?.id,
		page_size: exportPageSize
	});
	if (error) return { ok: false, ...reportFailure(error) };
	return { ok: true, rows: data };
}

async function streamTickets(supabase: AppSupabaseClient, filters: ReportFilters) {
	const first = await ticketPage(supabase, filters, null);
	if (!first.ok) return plain(first.status, first.message);
	const encoder = new TextEncoder();
	let page = first.rows;
	let header = true;
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			let text = header ? csvLine(ticketHeader) : '';
			header = false;
			for (const row of page) {
				text += csvLine(ticketColumns.map((column) => row[column] as string | number | null));
			}
			controller.enqueue(encoder.encode(text));
			if (page.length === 0) {
				controller.close();
				return;
			}
			const last = page[page.length - 1];
			const next = await ticketPage(supabase, filters, {
				created_at: String(last.created_at),
				id: Number(last.ticket_id)
			});
			// Headers are gone by now: a failure mid-way ends the download short, which the browser
			// reports as failed rather than as a complete file.
			if (!next.ok) controller.error(new Error(next.message));
			else page = next.rows;
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
