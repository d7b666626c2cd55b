import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { formResult, parseForm } from '$lib/forms';
import { loadArticle, vote, votesOf } from '$lib/server/kb';
import { renderArticle } from '$lib/server/markdown';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, cookies }) => {
	const { article, related } = await loadArticle(locals.supabase, params.slug);
	return {
		article: { ...article, html: renderArticle(article.body), body: undefined },
		related,
		voted: votesOf(cookies).get(article.id) ?? null
	};
};

const voteForm = z.object({
	article: z.coerce.number().int().positive(),
	helpful: z.enum(['yes', 'no'], { message: 'Answer yes or no.' })
});

export const actions: Actions = {
	vote: async ({ request, locals, cookies, getClientAddress }) => {
		const result = formResult('vote');
		const parsed = parseForm(voteForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const outcome = await vote(
			locals.supabase,
			cookies,
			getClientAddress(),
			parsed.data.article,
			parsed.data.helpful === 'yes'
		);
		if (!outcome.ok) {
			if (outcome.status === 404) error(404, 'There is no such article in the help center.');
			return result.fail(outcome.status, outcome.message);
		}
		return result.ok({ helpful: outcome.helpful });
	}
};
