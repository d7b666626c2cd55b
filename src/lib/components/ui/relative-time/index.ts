export { default as RelativeTime } from './relative-time.svelte';
export { formatExact, formatRelative } from './format';
export { Clock } from './clock.svelte';
