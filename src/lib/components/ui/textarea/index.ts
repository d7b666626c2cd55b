export { default as Textarea, type TextareaProps } from './textarea.svelte';
