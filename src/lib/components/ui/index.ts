export { default as Button } from './button.svelte';
export { default as Form } from './form.svelte';
export { default as TextField } from './text-field.svelte';
export { default as SelectField } from './select-field.svelte';
export { default as FormMessage } from './form-message.svelte';
