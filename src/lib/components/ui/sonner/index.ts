export { default as Toaster } from './toaster.svelte';
export { toast } from 'svelte-sonner';
