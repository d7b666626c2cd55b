// Form ergonomics over the primitives: an enhanced POST form with its outcome, and labelled fields
// that take what `field(form, name)` from $lib/forms gives them.
export { default as Form } from './form.svelte';
export { default as FormMessage } from './form-message.svelte';
export { default as TextField } from './text-field.svelte';
export { default as SelectField } from './select-field.svelte';
export { default as CheckField } from './check-field.svelte';
