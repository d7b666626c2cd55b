import { redirect } from '@sveltejs/kit';
import { loadReportPage } from '$lib/server/reports';
import type { PageServerLoad } from './$types';

// Not `await parent()`: the report needs only who is asking, which the verified claims say, so it
// starts beside the portal layout's guard and profile read instead of after them. The portal guard
// hook has checked the role already, and the report functions check it again (two-factor sign-in
// included).
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.claims || !locals.role) redirect(303, '/login');
	return loadReportPage(locals.supabase, url, { id: locals.claims.sub, role: locals.role });
};
