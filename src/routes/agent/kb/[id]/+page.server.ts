import { error } from '@sveltejs/kit';
import { articleId } from '$lib/kb';
import { guardPortal } from '$lib/server/guard-portal';
import { editorActions, loadCategoriesForEditing, loadEditableArticle } from '$lib/server/kb';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	await guardPortal('agent', locals, url);
	const id = articleId(params.id);
	if (id === undefined) error(404, 'There is no such article.');
	const [article, categories] = await Promise.all([
		loadEditableArticle(locals.supabase, id),
		loadCategoriesForEditing(locals.supabase)
	]);
	return { article, categories };
};

export const actions: Actions = editorActions;
