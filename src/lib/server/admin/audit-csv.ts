// The audit log as CSV, streamed: rows are read in keyset batches (newest first, `id < last`)
// and written as they arrive, so an export of 100,000 rows never sits in memory at once.
import type { AuditFilters } from '$lib/admin/forms';
import type { AppSupabaseClient } from '$lib/supabase';
import { auditQuery } from './audit';

const batchSize = 1000;

const header = [
	'id',
	'at',
	'actor_id',
	'actor',
	'action',
	'target_table',
	'target_id',
	'target',
	'old_values',
	'new_values'
];

/** A CSV field: quoted when it holds a separator, a quote or a line break; formula-like text is
 * prefixed so spreadsheets do not run it. */
export function csvField(value: unknown): string {
	if (value === null || value === undefined) return '';
	let text = typeof value === 'string' ? value : JSON.stringify(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: unknown[]) => `${values.map(csvField).join(',')}\r\n`;

export function auditCsvStream(supabase: AppSupabaseClient, filters: Omit<AuditFilters, 'page'>) {
	const encoder = new TextEncoder();
	let beforeId: number | undefined;
	let started = false;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (!started) {
				started = true;
				controller.enqueue(encoder.encode(csvLine(header)));
				return;
			}
			const { data, error } = await auditQuery(supabase, filters, { beforeId }).limit(batchSize);
			if (error) {
				console.error('exporting the audit log failed:', error.message);
				controller.error(new Error('The export stopped: the audit log could not be read.'));
				return;
			}
			const chunk = data
				.map((row) =>
					csvLine([
						row.id,
						row.at,
						row.actor_id,
						row.actor_label,
						row.action,
						row.target_table,
						row.target_id,
						row.target_label,
						row.old_values,
						row.new_values
					])
				)
				.join('');
			if (chunk) controller.enqueue(encoder.encode(chunk));
			if (data.length < batchSize) controller.close();
			else beforeId = data[data.length - 1].id;
		}
	});
}
