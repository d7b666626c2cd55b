import { auditFilters, searchParamsObject } from '$lib/admin/forms';
import { auditCsvStream } from '$lib/server/admin/audit-csv';
import { requireAdmin } from '$lib/server/service-client';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => {
	requireAdmin(locals);
	const filters = auditFilters.omit({ page: true }).parse(searchParamsObject(url.searchParams));
	const day = new Date().toISOString().slice(0, 10);
	return new Response(auditCsvStream(locals.supabase, filters), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-log-${day}.csv"`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'no-store'
		}
	});
};
