// An address under /help that no page matches: answered here, so the help center's own error page
// (with its search) shows instead of the app's sign-in-oriented one.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => error(404, 'There is no such page in the help center.');
