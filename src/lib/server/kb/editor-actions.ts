// The editor's form actions, for a new article and an existing one: save, publish (save and
// publish), unpublish (save and back to draft). A refusal keeps what was typed.
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { formResult, parseForm } from '$lib/forms';
import { articleForm, articleId, slugify } from '$lib/kb';
import type { Enums } from '$lib/supabase';
import { createArticle, updateArticle } from './editor';

const done = { save: 'Saved', publish: 'Published', unpublish: 'Unpublished' } as const;
type Step = keyof typeof done;

const statusAfter: Record<Step, Enums<'kb_article_status'> | undefined> = {
	save: undefined,
	publish: 'published',
	unpublish: 'draft'
};

async function write(step: Step, { request, locals, params }: RequestEvent) {
	const result = formResult('article');
	const form = await request.formData();
	const parsed = parseForm(articleForm, form);
	if (!parsed.ok) return result.fail(400, parsed);
	const slug = parsed.data.slug || slugify(parsed.data.title);
	const values = Object.fromEntries(
		[...form].flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : []))
	);
	if (!slug) {
		return result.fail(400, {
			message: 'Give the article a URL name.',
			errors: { slug: 'Use letters or digits in the title or the URL name.' },
			values
		});
	}
	const id = params.id === undefined ? undefined : articleId(params.id);
	const written =
		id === undefined
			? await createArticle(locals.supabase, parsed.data, slug, statusAfter[step] ?? 'draft')
			: await updateArticle(locals.supabase, id, parsed.data, slug, statusAfter[step]);
	if ('message' in written) {
		return result.fail(written.status, {
			message: written.message,
			errors: written.field ? { [written.field]: written.message } : {},
			values
		});
	}
	if (id === undefined) redirect(303, `/agent/kb/${written.id}`);
	return result.ok({ done: done[step] });
}

export const editorActions = {
	save: (event: RequestEvent) => write('save', event),
	publish: (event: RequestEvent) => write('publish', event),
	unpublish: (event: RequestEvent) => write('unpublish', event)
};
