import { loadReportPage } from '$lib/server/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
	const { viewer } = await parent();
	return loadReportPage(locals.supabase, url, viewer);
};
