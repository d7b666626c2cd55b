// The `data` of a postgres_changes push, shaped as Supabase's walrus builds it for one role and one
// column selection: only columns the role may select, DELETE on an RLS table reduced to the primary
// key, `old_record` as the replica identity reports it, and Supabase's error payloads.
import type { ChangeEvent } from './filters';
import type { TableShape } from './table-shapes';

export interface ChangeForPayload {
	schema: string;
	table: string;
	type: ChangeEvent;
	commitTimestamp: string;
	record: Record<string, unknown> | null;
	/** Already trimmed to the replica identity. */
	old: Record<string, unknown> | null;
}

/** Supabase drops long values from records above 1 MiB and says so in `errors`. */
const maxRecordBytes = 1024 * 1024;
const maxValueBytesWhenTooLarge = 64;

type Row = Record<string, unknown>;

/** The row's kept columns, or null when none are left (as `jsonb_object_agg` over nothing). */
function pick(row: Row | null, keep: (column: string) => boolean, tooLarge: boolean): Row | null {
	if (!row) return null;
	const picked: Row = {};
	let any = false;
	for (const [column, value] of Object.entries(row)) {
		if (!keep(column)) continue;
		if (tooLarge && Buffer.byteLength(JSON.stringify(value)) > maxValueBytesWhenTooLarge) continue;
		picked[column] = value;
		any = true;
	}
	return any ? picked : null;
}

export function buildData(
	change: ChangeForPayload,
	shape: TableShape,
	selectable: ReadonlySet<string>,
	select: string[] | null
): Row {
	const keep = (column: string) =>
		selectable.has(column) &&
		(select === null || select.includes(column) || shape.pk.includes(column));
	const tooLarge = Buffer.byteLength(JSON.stringify([change.record, change.old])) > maxRecordBytes;
	const data: Row = {
		schema: change.schema,
		table: change.table,
		commit_timestamp: change.commitTimestamp,
		type: change.type,
		columns: shape.columns.filter((c) => keep(c.name)),
		errors: tooLarge ? ['Error 413: Payload Too Large'] : null
	};
	if (change.type !== 'DELETE') data.record = pick(change.record, keep, tooLarge);
	if (change.type === 'UPDATE') data.old_record = pick(change.old, keep, tooLarge);
	if (change.type === 'DELETE')
		// A deleted row cannot be checked against RLS any more, so only its key is safe to send.
		data.old_record = pick(
			change.old,
			(column) => keep(column) && (!shape.rls || shape.pk.includes(column)),
			tooLarge
		);
	return data;
}

/** What Supabase sends instead of a row it cannot check: no primary key, or a key the role cannot read. */
export function errorData(change: ChangeForPayload, error: 'no-primary-key' | 'unauthorized'): Row {
	return {
		schema: change.schema,
		table: change.table,
		commit_timestamp: null,
		type: change.type,
		columns: null,
		record: null,
		...(change.type === 'UPDATE' ? { old_record: null } : {}),
		errors: [
			error === 'no-primary-key'
				? 'Error 400: Bad Request, no primary key'
				: 'Error 401: Unauthorized'
		]
	};
}
