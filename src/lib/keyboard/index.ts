export { ShortcutRegistry, isTyping, type Shortcut } from './registry.svelte';
export { getShortcuts, setShortcuts } from './context';
export { useShortcuts } from './use-shortcuts.svelte';
export { submitFocusedForm } from './submit-form';
export { keyCaps, isApplePlatform, parseKeys } from './keys';
