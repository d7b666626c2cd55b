import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import type { Portal } from '$lib/auth';

export const portalHome: Record<Portal, ResolvedPathname> = {
	client: resolve('/client'),
	agent: resolve('/agent'),
	admin: resolve('/admin')
};

export interface NavLink {
	href: ResolvedPathname;
	label: string;
}
