export { default as AttachmentList } from './attachment-list.svelte';
export { default as AttachmentPicker } from './attachment-picker.svelte';
export {
	AttachmentQueue,
	type AttachmentState,
	type QueuedAttachment
} from './attachment-queue.svelte';
