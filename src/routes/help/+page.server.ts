import { loadCategories } from '$lib/server/kb';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	categories: await loadCategories(locals.supabase)
});
