// The article page reports its view once it is shown in a browser (so link previews and crawlers
// that run no script are not counted); the database counts it once a day per visitor.
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { recordView } from '$lib/server/kb';
import type { RequestHandler } from './$types';

const body = z.object({ article: z.number().int().positive() });

export const POST: RequestHandler = async ({ request, locals, cookies }) => {
	const parsed = body.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return json({ message: 'Send {"article": <id>}.' }, { status: 400 });
	await recordView(locals.supabase, cookies, parsed.data.article);
	return new Response(null, { status: 204 });
};
