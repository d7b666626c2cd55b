import type { Shortcut } from './registry.svelte';

/** Ctrl/⌘+Enter sends the form whose field has focus (a reply, a new ticket), as its Enter would. */
export const submitFocusedForm: Shortcut = {
	keys: 'mod+enter',
	description: 'Send the form you are typing in',
	scope: 'General',
	whileTyping: true,
	run: (event) => {
		const form = (event.target as Element | null)?.closest?.('form');
		if (!form) return false;
		form.requestSubmit();
	}
};
