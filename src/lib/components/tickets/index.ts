export { default as Conversation } from './conversation.svelte';
export { default as TicketList } from './ticket-list.svelte';
export { default as StatusBadge } from './status-badge.svelte';
export { default as PriorityBadge } from './priority-badge.svelte';
export { default as SlaBadge } from './sla-badge.svelte';
export { slaClock } from './sla-clock';
