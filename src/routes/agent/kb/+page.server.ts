import { Constants } from '$lib/supabase';
import { guardPortal } from '$lib/server/guard-portal';
import { loadCategoriesForEditing, loadStaffArticles, type ArticleFilters } from '$lib/server/kb';
import type { PageServerLoad } from './$types';

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
	values.find((candidate) => candidate === value) ?? null;

export const load: PageServerLoad = async ({ locals, url }) => {
	await guardPortal('agent', locals, url);
	const params = url.searchParams;
	const filters: ArticleFilters = {
		query: (params.get('q') ?? '').trim().slice(0, 200),
		status: oneOf(Constants.public.Enums.kb_article_status, params.get('status')),
		visibility: oneOf(Constants.public.Enums.kb_visibility, params.get('visibility')),
		category: /^[0-9a-f-]{36}$/.test(params.get('category') ?? '') ? params.get('category') : null
	};
	const [articles, categories] = await Promise.all([
		loadStaffArticles(locals.supabase, filters),
		loadCategoriesForEditing(locals.supabase)
	]);
	return { filters, articles, categories };
};
