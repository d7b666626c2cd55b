// An address under /agent that no page matches: answered here, so the error shows inside the
// portal (its header, sidebar and way back) instead of on the app's bare error page.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => error(404, 'There is no such page in the agent portal.');
