export { default as Avatar, avatarVariants, type AvatarSize } from './avatar.svelte';
export { initials, avatarHue } from './initials';
