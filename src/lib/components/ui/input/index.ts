export { default as Input, fieldClasses, type InputProps } from './input.svelte';
