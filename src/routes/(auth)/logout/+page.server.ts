import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.claims) redirect(303, '/login');
};

export const actions: Actions = {
	default: async ({ locals }) => {
		// This browser's session only: the person may be signed in elsewhere too.
		await locals.supabase.auth.signOut({ scope: 'local' });
		redirect(303, '/login?notice=signed-out');
	}
};
