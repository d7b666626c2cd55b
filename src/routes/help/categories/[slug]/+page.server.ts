import { loadCategory } from '$lib/server/kb';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) =>
	loadCategory(locals.supabase, params.slug);
