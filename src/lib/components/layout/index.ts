export { default as PortalShell } from './portal-shell.svelte';
export { default as PageHeader } from './page-header.svelte';
export { default as ConnectionStatus } from './connection-status.svelte';
export { default as PortalError } from './portal-error.svelte';
export { default as Brand } from './brand.svelte';
export { portalNav, type NavItem, type NavSection } from './nav';
export {
	Availability,
	availabilityLabels,
	isAvailability,
	type AgentAvailability
} from './availability.svelte';
