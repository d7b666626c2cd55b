import { auditFilters, searchParamsObject } from '$lib/admin/forms';
import { listAudit } from '$lib/server/admin/audit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const filters = auditFilters.parse(searchParamsObject(url.searchParams));
	return { filters, ...(await listAudit(locals.supabase, filters)) };
};
