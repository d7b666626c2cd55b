// The audit log, read under the admin's JWT (RLS lets only admins read it). The page pages through
// it; the CSV export walks it in keyset batches so 100,000 rows are streamed, never held at once.
import type { AuditFilters } from '$lib/admin/forms';
import type { AppSupabaseClient } from '$lib/supabase';
import { failedLoad } from './database-errors';

export const auditColumns =
	'id, at, actor_id, actor_label, action, target_table, target_id, target_label, old_values, new_values' as const;

export const auditPageSize = 50;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The log, newest first, narrowed by the filters; `beforeId` continues after a batch. */
export function auditQuery(
	supabase: AppSupabaseClient,
	filters: Omit<AuditFilters, 'page'>,
	options: { count?: boolean; beforeId?: number } = {}
) {
	let query = supabase
		.from('audit_log')
		.select(auditColumns, options.count ? { count: 'exact' } : undefined);
	if (filters.actor) query = query.ilike('actor_label', likePattern(filters.actor));
	if (filters.action) query = query.eq('action', filters.action);
	if (filters.target) query = query.ilike('target_label', likePattern(filters.target));
	if (filters.from) query = query.gte('at', `${filters.from}T00:00:00Z`);
	if (filters.to) query = query.lt('at', nextDay(filters.to));
	if (options.beforeId !== undefined) query = query.lt('id', options.beforeId);
	return query.order('id', { ascending: false });
}

const nextDay = (date: string) => {
	const day = new Date(`${date}T00:00:00Z`);
	day.setUTCDate(day.getUTCDate() + 1);
	return day.toISOString();
};

export async function listAudit(supabase: AppSupabaseClient, filters: AuditFilters) {
	const from = (filters.page - 1) * auditPageSize;
	const {
		data,
		count,
		error: failure
	} = await auditQuery(supabase, filters, {
		count: true
	}).range(from, from + auditPageSize - 1);
	if (failure && failure.code !== 'PGRST103') {
		failedLoad(failure, 'Could not load the audit log.', 'reading the audit log');
	}
	return { entries: data ?? [], total: count ?? 0 };
}

export async function recentAuditForTarget(
	supabase: AppSupabaseClient,
	table: string,
	id: string,
	limit = 10
) {
	const { data } = await supabase
		.from('audit_log')
		.select(auditColumns)
		.eq('target_table', table)
		.eq('target_id', id)
		.order('id', { ascending: false })
		.limit(limit);
	return data ?? [];
}

export async function latestAudit(supabase: AppSupabaseClient, limit = 10) {
	const { data } = await supabase
		.from('audit_log')
		.select(auditColumns)
		.order('id', { ascending: false })
		.limit(limit);
	return data ?? [];
}
