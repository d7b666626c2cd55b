export { default as AvatarEditor } from './avatar-editor.svelte';
