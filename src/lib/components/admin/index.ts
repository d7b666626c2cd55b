export { default as AuditChanges } from './audit-changes.svelte';
export { default as AuditList } from './audit-list.svelte';
export { changedFields, type AuditEntry } from './audit-entry';
export { default as Pager } from './pager.svelte';
export { default as PersonBadges } from './person-badges.svelte';
