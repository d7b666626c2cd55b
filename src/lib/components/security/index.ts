export { default as CodeField } from './code-field.svelte';
