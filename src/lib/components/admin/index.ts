export { default as AgentsOnline } from './agents-online.svelte';
export { default as AuditChanges } from './audit-changes.svelte';
export { default as AuditList } from './audit-list.svelte';
export { changedFields, targetName, type AuditEntry } from './audit-entry';
export { default as CheckList } from './check-list.svelte';
export { default as OwnConnection } from './own-connection.svelte';
export { default as Pager } from './pager.svelte';
export { default as PersonBadges } from './person-badges.svelte';
export { default as ConfirmDelete } from './confirm-delete.svelte';
