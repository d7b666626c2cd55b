import { exportCsv } from '$lib/server/reports';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => exportCsv(locals.supabase, url, null);
