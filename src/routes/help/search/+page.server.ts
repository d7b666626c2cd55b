import { searchHelpCenter } from '$lib/server/kb';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const query = (url.searchParams.get('q') ?? '').slice(0, 200);
	return { query, hits: await searchHelpCenter(locals.supabase, query) };
};
