// Where PKCE redirects land (`?code=`): exchanges the code for a session in this browser's cookies.
import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/auth';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	const code = url.searchParams.get('code');
	if (!code) redirect(303, '/login?notice=link-expired');
	const { error } = await locals.supabase.auth.exchangeCodeForSession(code);
	if (error) redirect(303, '/login?notice=link-expired');
	redirect(303, safeNext(url.searchParams.get('next')) ?? '/');
};
