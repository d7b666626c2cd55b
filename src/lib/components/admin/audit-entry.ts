import type { Tables } from '$lib/supabase';

export type AuditEntry = Pick<
	Tables<'audit_log'>,
	| 'id'
	| 'at'
	| 'actor_label'
	| 'action'
	| 'target_table'
	| 'target_id'
	| 'target_label'
	| 'old_values'
	| 'new_values'
>;

/**
 * What an entry is about. Rows written before the workspace settings were labelled have no label;
 * the one settings row's id (`true`) says nothing.
 */
export const targetName = (entry: AuditEntry) =>
	entry.target_label ||
	(entry.target_table === 'app_settings' ? 'Workspace settings' : (entry.target_id ?? ''));

/** The fields an update changed, as "field: before → after"; inserts and deletes list nothing. */
export function changedFields(
	entry: AuditEntry
): { field: string; before: string; after: string }[] {
	const before = asRecord(entry.old_values);
	const after = asRecord(entry.new_values);
	if (!before || !after) return [];
	return Object.keys(after)
		.filter((key) => !key.endsWith('_id') || !(key.replace(/_id$/, '') in after))
		.map((key) => ({
			field: key.replace(/_/g, ' '),
			before: shown(before[key]),
			after: shown(after[key])
		}));
}

const asRecord = (value: unknown) =>
	value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;

const shown = (value: unknown) =>
	value === null || value === undefined || value === ''
		? '—'
		: typeof value === 'string'
			? value
			: Array.isArray(value) && value.every((item) => typeof item === 'string')
				? value.join(', ') || '—'
				: JSON.stringify(value);
