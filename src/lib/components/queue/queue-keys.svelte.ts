// The queue's keyboard shortcuts, described as the workspace shell's shortcut registry takes them
// (keys, description, scope, run), dispatched here until the queue moves onto that registry: keys
// are ignored while typing in a field, and "g v" is a sequence (g, then v within 1.5 s).
export interface QueueShortcut {
	keys: string;
	description: string;
	scope: string;
	run: (event: KeyboardEvent) => void;
}

const typing = (target: EventTarget | null) =>
	target instanceof HTMLElement &&
	(target.isContentEditable ||
		target instanceof HTMLTextAreaElement ||
		target instanceof HTMLSelectElement ||
		(target instanceof HTMLInputElement &&
			!['checkbox', 'radio', 'button', 'submit'].includes(target.type)));

/** Listens on the window for the shortcuts while the calling component lives. */
export function useQueueKeys(shortcuts: () => QueueShortcut[]) {
	$effect(() => {
		let pending: { key: string; at: number } | null = null;
		const onKeydown = (event: KeyboardEvent) => {
			if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
			if (typing(event.target) || document.querySelector('dialog[open]')) return;
			const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
			const sequence =
				pending && event.timeStamp - pending.at < 1500 ? `${pending.key} ${key}` : null;
			pending = null;
			const match = shortcuts().find(
				(shortcut) => shortcut.keys === sequence || (!sequence && shortcut.keys === key)
			);
			if (match) {
				event.preventDefault();
				match.run(event);
				return;
			}
			if (shortcuts().some((shortcut) => shortcut.keys.startsWith(`${key} `))) {
				pending = { key, at: event.timeStamp };
			}
		};
		window.addEventListener('keydown', onKeydown);
		return () => window.removeEventListener('keydown', onKeydown);
	});
}
