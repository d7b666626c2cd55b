// Closes an open <details> menu when the pointer goes down outside it or Escape is pressed inside it,
// returning focus to its summary: the behaviour people expect of a menu.
import type { Action } from 'svelte/action';

export const dismissable: Action<HTMLDetailsElement> = (details) => {
	const close = (focus: boolean) => {
		if (!details.open) return;
		details.open = false;
		if (focus) details.querySelector('summary')?.focus();
	};
	const onPointer = (event: PointerEvent) => {
		if (event.target instanceof Node && !details.contains(event.target)) close(false);
	};
	const onKey = (event: KeyboardEvent) => {
		if (event.key === 'Escape' && details.open) {
			event.stopPropagation();
			close(true);
		}
	};
	document.addEventListener('pointerdown', onPointer);
	details.addEventListener('keydown', onKey);
	return {
		destroy() {
			document.removeEventListener('pointerdown', onPointer);
			details.removeEventListener('keydown', onKey);
		}
	};
};
