// The pages of the admin settings section, in the order its navigation lists them.
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import Building2 from '@lucide/svelte/icons/building-2';
import CalendarClock from '@lucide/svelte/icons/calendar-clock';
import FileText from '@lucide/svelte/icons/file-text';
import ListChecks from '@lucide/svelte/icons/list-checks';
import Shapes from '@lucide/svelte/icons/shapes';
import Tag from '@lucide/svelte/icons/tag';
import Timer from '@lucide/svelte/icons/timer';
import Zap from '@lucide/svelte/icons/zap';
import type { NavIcon } from '$lib/components/layout/nav';

export interface SettingsPage {
	label: string;
	href: ResolvedPathname;
	icon: NavIcon;
}

export const settingsPages: SettingsPage[] = [
	{ label: 'General', href: resolve('/admin/settings'), icon: Building2 },
	{ label: 'Ticket fields', href: resolve('/admin/settings/fields'), icon: ListChecks },
	{ label: 'Ticket types', href: resolve('/admin/settings/types'), icon: Shapes },
	{ label: 'Tags', href: resolve('/admin/settings/tags'), icon: Tag },
	{ label: 'Macros', href: resolve('/admin/settings/macros'), icon: FileText },
	{
		label: 'Business hours',
		href: resolve('/admin/settings/business-hours'),
		icon: CalendarClock
	},
	{ label: 'SLA policies', href: resolve('/admin/settings/sla'), icon: Timer },
	{ label: 'Automations', href: resolve('/admin/settings/automations'), icon: Zap }
];
