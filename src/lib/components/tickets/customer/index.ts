export { default as StatusActions } from './status-actions.svelte';
export { default as RatingPrompt } from './rating-prompt.svelte';
export { default as FollowUpForm } from './follow-up-form.svelte';
export { default as SupportTyping } from './support-typing.svelte';
