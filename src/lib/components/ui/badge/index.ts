export { default as Badge, badgeVariants, type BadgeProps, type BadgeTone } from './badge.svelte';
