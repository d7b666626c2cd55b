import { guardPortal } from '$lib/server/guard-portal';
import { editorActions, loadCategoriesForEditing } from '$lib/server/kb';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	await guardPortal('agent', locals, url);
	return { categories: await loadCategoriesForEditing(locals.supabase) };
};

export const actions: Actions = editorActions;
