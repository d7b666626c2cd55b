// The new-ticket form reports the suggested articles a customer opened before leaving without
// filing; the database counts each once a day per customer.
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';

const body = z.object({ articles: z.array(z.number().int().positive()).min(1).max(3) });

export const POST: RequestHandler = async ({ request, locals }) => {
	const parsed = body.safeParse(await request.json().catch(() => null));
	if (!parsed.success) {
		return json(
			{ message: 'Send {"articles": [<id>, …]} with one to three ids.' },
			{ status: 400 }
		);
	}
	const { error } = await locals.supabase.rpc('record_kb_deflection', {
		articles: parsed.data.articles
	});
	if (error) {
		console.error('knowledge base: deflection', error);
		return json({ message: 'The visit could not be counted.' }, { status: 503 });
	}
	return new Response(null, { status: 204 });
};
