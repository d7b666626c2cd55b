export { default as Separator } from './separator.svelte';
