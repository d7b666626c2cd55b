// The three theme choices, as the account menu and the command palette offer them.
import Monitor from '@lucide/svelte/icons/monitor';
import Moon from '@lucide/svelte/icons/moon';
import Sun from '@lucide/svelte/icons/sun';

export const themeOptions = [
	{ mode: 'light', label: 'Light', icon: Sun },
	{ mode: 'dark', label: 'Dark', icon: Moon },
	{ mode: 'system', label: 'System', icon: Monitor }
] as const;

export type ThemeChoice = (typeof themeOptions)[number]['mode'];
