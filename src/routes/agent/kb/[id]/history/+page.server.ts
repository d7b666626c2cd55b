import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { formResult, parseForm } from '$lib/forms';
import { articleId } from '$lib/kb';
import { guardPortal } from '$lib/server/guard-portal';
import { diffRevisions, loadEditableArticle, loadRevisions, restoreRevision } from '$lib/server/kb';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	await guardPortal('agent', locals, url);
	const id = articleId(params.id);
	if (id === undefined) error(404, 'There is no such article.');
	const [article, revisions] = await Promise.all([
		loadEditableArticle(locals.supabase, id),
		loadRevisions(locals.supabase, id)
	]);
	// By default the latest revision against the one before it.
	const pick = (name: string, fallback: number | undefined) =>
		revisions.find((r) => String(r.revision) === url.searchParams.get(name)) ??
		revisions.find((r) => r.revision === fallback);
	const to = pick('to', revisions[0]?.revision);
	const from = pick('from', (to?.revision ?? 1) - 1) ?? to;
	return {
		article: { id: article.id, title: article.title },
		revisions: revisions.map(({ body: _body, ...revision }) => revision),
		compared:
			from && to ? { from: from.revision, to: to.revision, ...diffRevisions(from, to) } : null
	};
};

export const actions: Actions = {
	restore: async ({ request, locals }) => {
		const result = formResult('restore');
		const parsed = parseForm(
			z.object({ revision: z.coerce.number().int().positive() }),
			await request.formData()
		);
		if (!parsed.ok) return result.fail(400, parsed);
		const restored = await restoreRevision(locals.supabase, parsed.data.revision);
		if ('message' in restored) return result.fail(restored.status, restored.message);
		return result.ok();
	}
};
