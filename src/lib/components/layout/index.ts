export { default as PortalShell } from './portal-shell.svelte';
export { default as ConnectionStatus } from './connection-status.svelte';
export { default as PortalError } from './portal-error.svelte';
