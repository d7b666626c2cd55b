import { loadQueue, queueActions } from '$lib/server/queue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => loadQueue(locals.supabase, url);

export const actions: Actions = queueActions;
