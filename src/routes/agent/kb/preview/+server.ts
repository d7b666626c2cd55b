// The editor's live preview: the Markdown rendered and sanitised exactly as readers will get it.
import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { maxArticleLength } from '$lib/kb';
import { guardPortal } from '$lib/server/guard-portal';
import { renderArticle } from '$lib/server/markdown';
import type { RequestHandler } from './$types';

const input = z.object({ body: z.string().max(maxArticleLength) });

export const POST: RequestHandler = async ({ request, locals, url }) => {
	await guardPortal('agent', locals, url);
	const parsed = input.safeParse(await request.json().catch(() => null));
	if (!parsed.success) error(400, 'Send {"body": "<Markdown>"} of at most 100,000 characters.');
	return json({ html: renderArticle(parsed.data.body) });
};
