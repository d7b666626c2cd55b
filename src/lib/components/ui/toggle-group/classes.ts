// The toggle group's look, shared by bits-ui's parts and the plain markup a deferred group is drawn
// with on the server (ticket-page/kind-toggle.svelte).
import { cn, focusRing } from '../utils';

export const toggleGroupClass =
	'inline-flex items-center gap-0.5 rounded-lg border border-border bg-surface-muted p-0.5';

export const toggleGroupItemClass = cn(
	'inline-flex h-7 items-center justify-center gap-1.5 rounded-md px-2.5 text-xs font-medium text-text-muted transition-colors hover:text-text disabled:opacity-50 data-[state=on]:bg-surface data-[state=on]:text-text data-[state=on]:shadow-sm [&_svg]:size-3.5',
	focusRing
);
