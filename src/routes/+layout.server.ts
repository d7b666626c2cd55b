import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, depends }) => {
	depends('supabase:auth');
	const { claims, role } = locals;
	return {
		viewer: claims && role ? { id: claims.sub, email: claims.email ?? '', role } : null,
		cspNonce: locals.cspNonce
	};
};
