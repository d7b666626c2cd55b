// Form ergonomics over the primitives: an enhanced POST form with its outcome, and labelled fields
// that take what `field(form, name)` from $lib/forms gives them. The signed-out pages (the (auth)
// routes, the sign-in page among them) import the files they use instead: through this index they
// would load SelectField's and CheckField's bits-ui into their server render, seconds of a cold
// `npm run dev`'s first page.
export { default as Form } from './form.svelte';
export { default as FormMessage } from './form-message.svelte';
export { default as TextField } from './text-field.svelte';
export { default as SelectField } from './select-field.svelte';
export { default as CheckField } from './check-field.svelte';
