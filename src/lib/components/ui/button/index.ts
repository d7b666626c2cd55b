export {
	default as Button,
	buttonVariants,
	type ButtonProps,
	type ButtonVariant,
	type ButtonSize
} from './button.svelte';
