// The public help center's reads, under the visitor's JWT (or none): RLS decides which articles
// anyone sees, so an anonymous visitor gets published public articles and nothing else. Only
// published articles are shown here, whoever asks; staff see drafts in the agent portal.
import type { QueryData } from '@supabase/supabase-js';
import { error } from '@sveltejs/kit';
import type { AppSupabaseClient } from '$lib/supabase';

const listColumns = 'id, slug, title, visibility, updated_at, category_id' as const;

export const categoriesQuery = (supabase: AppSupabaseClient) =>
	supabase
		.from('kb_categories')
		.select('id, slug, name, description')
		.order('position')
		.order('name');

export const publishedArticlesQuery = (supabase: AppSupabaseClient) =>
	supabase
		.from('kb_articles')
		.select(listColumns)
		.eq('status', 'published')
		.order('title')
		.limit(1000);

export const categoryQuery = (supabase: AppSupabaseClient, slug: string) =>
	supabase
		.from('kb_categories')
		.select('id, slug, name, description')
		.eq('slug', slug)
		.maybeSingle();

export const categoryArticlesQuery = (supabase: AppSupabaseClient, categoryId: string) =>
	supabase
		.from('kb_articles')
		.select(listColumns)
		.eq('category_id', categoryId)
		.eq('status', 'published')
		.order('title');

export const articleQuery = (supabase: AppSupabaseClient, slug: string) =>
	supabase
		.from('kb_articles')
		.select(
			'id, slug, title, body, tags, visibility, updated_at, published_at, category:kb_categories(slug, name)'
		)
		.eq('slug', slug)
		.eq('status', 'published')
		.maybeSingle();

export const relatedQuery = (supabase: AppSupabaseClient, slug: string) =>
	supabase.rpc('related_kb_articles', { article_slug: slug, result_limit: 4 });

export const searchQuery = (supabase: AppSupabaseClient, search: string, limit = 20) =>
	supabase.rpc('search_kb_articles', { search, result_limit: limit, with_status: 'published' });

export type HelpCategory = QueryData<ReturnType<typeof categoriesQuery>>[number];
export type HelpArticleSummary = QueryData<ReturnType<typeof publishedArticlesQuery>>[number];
export type HelpArticle = NonNullable<QueryData<ReturnType<typeof articleQuery>>>;
export type SearchHit = NonNullable<QueryData<ReturnType<typeof searchQuery>>>[number];

const unavailable = (what: string, cause: unknown): never => {
	console.error(`help center: ${what}`, cause);
	error(503, 'The help center is not available right now. Try again in a moment.');
};

/** The categories with the published articles the visitor may read, empty categories left out. */
export async function loadCategories(supabase: AppSupabaseClient) {
	const [categories, articles] = await Promise.all([
		categoriesQuery(supabase),
		publishedArticlesQuery(supabase)
	]);
	if (categories.error) return unavailable('categories', categories.error);
	if (articles.error) return unavailable('articles', articles.error);
	return categories.data
		.map((category) => ({
			...category,
			articles: articles.data.filter((article) => article.category_id === category.id)
		}))
		.filter((category) => category.articles.length > 0);
}

/** One category and its articles; 404 when it does not exist or holds nothing the visitor may read. */
export async function loadCategory(supabase: AppSupabaseClient, slug: string) {
	const category = await categoryQuery(supabase, slug);
	if (category.error) return unavailable('category', category.error);
	if (!category.data) error(404, 'There is no such category in the help center.');
	const articles = await categoryArticlesQuery(supabase, category.data.id);
	if (articles.error) return unavailable('category articles', articles.error);
	if (articles.data.length === 0) error(404, 'There is no such category in the help center.');
	return { category: category.data, articles: articles.data };
}

/**
 * A published article the visitor may read, with its related articles. Anything else (a draft, an
 * internal article, a typo) is the same 404, so nobody learns that an article exists.
 */
export async function loadArticle(supabase: AppSupabaseClient, slug: string) {
	const [article, related] = await Promise.all([
		articleQuery(supabase, slug),
		relatedQuery(supabase, slug)
	]);
	if (article.error) return unavailable('article', article.error);
	if (!article.data) error(404, 'There is no such article in the help center.');
	if (related.error) return unavailable('related articles', related.error);
	return { article: article.data, related: related.data };
}

/** Search results, best first; an empty search finds nothing. */
export async function searchHelpCenter(supabase: AppSupabaseClient, search: string) {
	if (!search.trim()) return [];
	const { data, error: failed } = await searchQuery(supabase, search);
	if (failed) return unavailable('search', failed);
	return data;
}
