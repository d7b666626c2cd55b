// The agent portal's knowledge base: every article (RLS lets staff read drafts and internal ones),
// its numbers and revisions, and the writes, under the agent's JWT so RLS and the two-factor rule
// decide. Database refusals become messages an editor can act on.
import type { PostgrestError, QueryData } from '@supabase/supabase-js';
import { error } from '@sveltejs/kit';
import type { ArticleInput } from '$lib/kb';
import type { AppSupabaseClient, Enums } from '$lib/supabase';

export interface ArticleFilters {
	query: string;
	status: Enums<'kb_article_status'> | null;
	visibility: Enums<'kb_visibility'> | null;
	category: string | null;
}

const listColumns =
	'id, slug, title, status, visibility, updated_at, category_id, stats:kb_article_stats(views, helpful, not_helpful, deflections)';

export const staffArticlesQuery = (supabase: AppSupabaseClient, filters: ArticleFilters) => {
	let query = supabase.from('kb_articles').select(listColumns);
	if (filters.status) query = query.eq('status', filters.status);
	if (filters.visibility) query = query.eq('visibility', filters.visibility);
	if (filters.category) query = query.eq('category_id', filters.category);
	return query.order('updated_at', { ascending: false }).limit(200);
};

export const staffSearchQuery = (supabase: AppSupabaseClient, filters: ArticleFilters) =>
	supabase.rpc('search_kb_articles', {
		search: filters.query,
		result_limit: 50,
		...(filters.category ? { in_category: filters.category } : {}),
		...(filters.status ? { with_status: filters.status } : {})
	});

export const allCategoriesQuery = (supabase: AppSupabaseClient) =>
	supabase
		.from('kb_categories')
		.select('id, name, slug, description, position')
		.order('position')
		.order('name');

export const editableArticleQuery = (supabase: AppSupabaseClient, id: number) =>
	supabase
		.from('kb_articles')
		.select(
			'id, slug, title, body, tags, status, visibility, category_id, updated_at, published_at, author:profiles(full_name)'
		)
		.eq('id', id)
		.maybeSingle();

export const revisionsQuery = (supabase: AppSupabaseClient, articleId: number) =>
	supabase
		.from('kb_revisions')
		.select(
			'id, revision, title, slug, body, tags, status, visibility, restored_from, created_at, editor:profiles(full_name)'
		)
		.eq('article_id', articleId)
		.order('revision', { ascending: false })
		.limit(200);

export type StaffArticle = QueryData<ReturnType<typeof staffArticlesQuery>>[number];
export type KbCategory = QueryData<ReturnType<typeof allCategoriesQuery>>[number];
export type EditableArticle = NonNullable<QueryData<ReturnType<typeof editableArticleQuery>>>;
export type Revision = QueryData<ReturnType<typeof revisionsQuery>>[number];

const unavailable = (what: string, cause: unknown): never => {
	console.error(`knowledge base: ${what}`, cause);
	error(503, 'The knowledge base is not available right now. Try again in a moment.');
};

/** The list, filtered; with a search, in the order of relevance. */
export async function loadStaffArticles(supabase: AppSupabaseClient, filters: ArticleFilters) {
	const listed = await staffArticlesQuery(supabase, {
		...filters,
		// A search ranks; the list then only supplies the rows' numbers and status.
		...(filters.query ? { status: null, category: null } : {})
	});
	if (listed.error) return unavailable('articles', listed.error);
	if (!filters.query) return listed.data;
	const found = await staffSearchQuery(supabase, filters);
	if (found.error) return unavailable('search', found.error);
	const byId = new Map(listed.data.map((article) => [article.id, article]));
	return found.data
		.filter((hit) => !filters.visibility || hit.visibility === filters.visibility)
		.map((hit) => byId.get(hit.id) ?? { ...hit, stats: null });
}

export async function loadCategoriesForEditing(supabase: AppSupabaseClient) {
	const { data, error: failed } = await allCategoriesQuery(supabase);
	if (failed) return unavailable('categories', failed);
	return data;
}

export async function loadEditableArticle(supabase: AppSupabaseClient, id: number) {
	const { data, error: failed } = await editableArticleQuery(supabase, id);
	if (failed) return unavailable('article', failed);
	if (!data) error(404, 'There is no such article.');
	return data;
}

export async function loadRevisions(supabase: AppSupabaseClient, articleId: number) {
	const { data, error: failed } = await revisionsQuery(supabase, articleId);
	if (failed) return unavailable('revisions', failed);
	return data;
}

export type Refusal = { status: number; message: string; field?: string };

const notAllowed: Refusal = {
	status: 403,
	message: 'You may not change the knowledge base (sign in with your second factor if asked).'
};

/** What a database refusal means to the person who made the change. */
function refusal(failed: PostgrestError): Refusal {
	if (failed.code === '23505') {
		return { status: 409, field: 'slug', message: 'Another article already uses this URL name.' };
	}
	if (failed.code === '42501') return notAllowed;
	if (failed.code === '23514' || failed.code === '22001') {
		return { status: 400, message: 'Some fields are too long or malformed.' };
	}
	if (failed.code === '23503') {
		return { status: 409, message: 'That category no longer exists, or still holds articles.' };
	}
	console.error('knowledge base: write', failed);
	return { status: 503, message: 'The change could not be saved. Try again in a moment.' };
}

const row = (input: ArticleInput, slug: string) => ({
	title: input.title,
	slug,
	category_id: input.category_id,
	visibility: input.visibility,
	tags: input.tags,
	body: input.body
});

export async function createArticle(
	supabase: AppSupabaseClient,
	input: ArticleInput,
	slug: string,
	status: Enums<'kb_article_status'>
): Promise<{ id: number } | Refusal> {
	const { data, error: failed } = await supabase
		.from('kb_articles')
		.insert({ ...row(input, slug), status })
		.select('id')
		.single();
	return failed ? refusal(failed) : data;
}

export async function updateArticle(
	supabase: AppSupabaseClient,
	id: number,
	input: ArticleInput,
	slug: string,
	status?: Enums<'kb_article_status'>
): Promise<{ id: number } | Refusal> {
	const { data, error: failed } = await supabase
		.from('kb_articles')
		.update({ ...row(input, slug), ...(status ? { status } : {}) })
		.eq('id', id)
		.select('id')
		.maybeSingle();
	if (failed) return refusal(failed);
	return data ?? notAllowed;
}

export async function setArticleStatus(
	supabase: AppSupabaseClient,
	id: number,
	status: Enums<'kb_article_status'>
): Promise<{ id: number } | Refusal> {
	const { data, error: failed } = await supabase
		.from('kb_articles')
		.update({ status })
		.eq('id', id)
		.select('id')
		.maybeSingle();
	if (failed) return refusal(failed);
	return data ?? notAllowed;
}

export async function restoreRevision(
	supabase: AppSupabaseClient,
	revisionId: number
): Promise<{ id: number } | Refusal> {
	const { data, error: failed } = await supabase
		.rpc('restore_kb_revision', { revision_id: revisionId })
		.select('id')
		.single();
	if (failed?.code === 'P0002') return { status: 404, message: 'That revision does not exist.' };
	return failed ? refusal(failed) : data;
}

export async function createCategory(
	supabase: AppSupabaseClient,
	input: { name: string; description: string },
	slug: string,
	position: number
): Promise<{ id: string } | Refusal> {
	const { data, error: failed } = await supabase
		.from('kb_categories')
		.insert({ ...input, slug, position })
		.select('id')
		.single();
	if (failed?.code === '23505') {
		return { status: 409, field: 'name', message: 'A category with this name exists already.' };
	}
	return failed ? refusal(failed) : data;
}

/** Sets every category's position to its place in `ids`. */
export async function orderCategories(
	supabase: AppSupabaseClient,
	ids: string[]
): Promise<Refusal | undefined> {
	const results = await Promise.all(
		ids.map((id, index) =>
			supabase
				.from('kb_categories')
				.update({ position: index + 1 })
				.eq('id', id)
				.select('id')
		)
	);
	const failed = results.find((result) => result.error)?.error;
	if (failed) return refusal(failed);
	if (results.some((result) => result.data?.length === 0)) {
		return notAllowed;
	}
}

export async function renameCategory(
	supabase: AppSupabaseClient,
	id: string,
	input: { name: string; description: string }
): Promise<Refusal | undefined> {
	const { data, error: failed } = await supabase
		.from('kb_categories')
		.update(input)
		.eq('id', id)
		.select('id');
	if (failed) return refusal(failed);
	if (data.length === 0) return { status: 404, message: 'That category no longer exists.' };
}

export async function deleteCategory(
	supabase: AppSupabaseClient,
	id: string
): Promise<Refusal | undefined> {
	const { error: failed } = await supabase.from('kb_categories').delete().eq('id', id);
	if (failed) return refusal(failed);
}
