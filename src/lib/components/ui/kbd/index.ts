import Root from './kbd.svelte';
import Group from './kbd-group.svelte';

export { Root, Group, Root as Kbd };
