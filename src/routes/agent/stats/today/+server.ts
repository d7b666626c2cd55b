import { todayJson } from '$lib/server/reports';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
	todayJson(locals.supabase, url, locals.claims?.sub ?? null);
