import { sidebarCookie } from '$lib/components/layout/sidebar-state.svelte';
import { loadViewer } from '$lib/server/viewer';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, depends, cookies }) => {
	depends('supabase:auth');
	const { claims, role } = locals;
	return {
		viewer: claims && role ? await loadViewer(locals, claims, role) : null,
		sidebarCollapsed: cookies.get(sidebarCookie) === 'collapsed'
	};
};
