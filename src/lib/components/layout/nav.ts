// Each portal's sidebar, as data: a section per heading, an entry per page. A page that lands adds
// its entry here (and nowhere else): the sidebar, the mobile menu, the command palette and the
// "g …" shortcuts all read this list. Only pages that exist are listed.
import type { Component } from 'svelte';
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import type { Portal } from '$lib/auth';
import Activity from '@lucide/svelte/icons/activity';
import ChartColumn from '@lucide/svelte/icons/chart-column';
import ChartLine from '@lucide/svelte/icons/chart-line';
import BookOpen from '@lucide/svelte/icons/book-open';
import Inbox from '@lucide/svelte/icons/inbox';
import LayoutDashboard from '@lucide/svelte/icons/layout-dashboard';
import LifeBuoy from '@lucide/svelte/icons/life-buoy';
import ScrollText from '@lucide/svelte/icons/scroll-text';
import Settings from '@lucide/svelte/icons/settings';
import SquarePen from '@lucide/svelte/icons/square-pen';
import Ticket from '@lucide/svelte/icons/ticket';
import UserRound from '@lucide/svelte/icons/user-round';
import Users from '@lucide/svelte/icons/users';
import UsersRound from '@lucide/svelte/icons/users-round';
import { portalHome } from './portal-paths';

export type NavIcon = Component<{ class?: string; 'aria-hidden'?: 'true' }>;

export interface NavItem {
	label: string;
	href: ResolvedPathname;
	icon: NavIcon;
	/** The key sequence that jumps here, such as "g v". */
	keys?: string;
	/** Other paths this entry is the current page for (a ticket under "My tickets"). */
	alsoCurrentOn?: RegExp;
}

export interface NavSection {
	/** The section's heading in the sidebar; the first section of a portal usually has none. */
	heading?: string;
	items: NavItem[];
}

export const portalNav: Record<Portal, NavSection[]> = {
	client: [
		{
			items: [
				{
					label: 'My tickets',
					href: portalHome.client,
					icon: Ticket,
					keys: 'g t',
					alsoCurrentOn: /^\/client\/tickets\/\d+$/
				},
				{ label: 'New ticket', href: resolve('/client/tickets/new'), icon: SquarePen, keys: 'c' },
				{ label: 'Help center', href: resolve('/help'), icon: LifeBuoy, keys: 'g h' },
				{ label: 'Profile', href: resolve('/account/profile'), icon: UserRound, keys: 'g p' }
			]
		}
	],
	agent: [
		{
			// The queue's views (with their counts) are listed on the queue page itself, where "g v"
			// opens its view switcher.
			items: [
				{ label: 'Queue', href: portalHome.agent, icon: Inbox, keys: 'g q' },
				{ label: 'My stats', href: resolve('/agent/stats'), icon: ChartColumn, keys: 'g s' },
				{
					label: 'Knowledge base',
					href: resolve('/agent/kb'),
					icon: BookOpen,
					keys: 'g k',
					alsoCurrentOn: /^\/agent\/kb\//
				}
			]
		}
	],
	admin: [
		{
			items: [
				{ label: 'Overview', href: portalHome.admin, icon: LayoutDashboard, keys: 'g o' },
				{ label: 'Reports', href: resolve('/admin/reports'), icon: ChartLine, keys: 'g r' }
			]
		},
		{
			heading: 'Organization',
			items: [
				{
					label: 'People',
					href: resolve('/admin/people'),
					icon: Users,
					keys: 'g p',
					alsoCurrentOn: /^\/admin\/people\/[^/]+$/
				},
				{
					label: 'Teams',
					href: resolve('/admin/teams'),
					icon: UsersRound,
					keys: 'g m',
					alsoCurrentOn: /^\/admin\/teams\/[^/]+$/
				},
				{
					label: 'Settings',
					href: resolve('/admin/settings'),
					icon: Settings,
					keys: 'g s',
					alsoCurrentOn: /^\/admin\/settings\/[^/]+$/
				}
			]
		},
		{
			heading: 'Oversight',
			items: [
				{ label: 'Audit log', href: resolve('/admin/audit'), icon: ScrollText, keys: 'g a' },
				{ label: 'Diagnostics', href: resolve('/admin/diagnostics'), icon: Activity, keys: 'g d' }
			]
		}
	]
};

export const portalTitles: Record<Portal, string> = {
	client: 'Support',
	agent: 'Agent workspace',
	admin: 'Administration'
};

/** Whether `item` is the page at `pathname`. */
export const isCurrent = (item: NavItem, pathname: string) =>
	pathname === item.href || (item.alsoCurrentOn?.test(pathname) ?? false);
