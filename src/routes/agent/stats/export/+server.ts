import { exportCsv } from '$lib/server/reports';
import type { RequestHandler } from './$types';

// An agent's stats start at their own (as the page does).
export const GET: RequestHandler = ({ locals, url }) =>
	exportCsv(locals.supabase, url, locals.claims?.sub ?? null);
