// A listbox select on bits-ui: <Select.Root type="single" name bind:value items>, a Trigger showing
// the chosen label, and Content holding Items. With `name`, it submits with its form.
import { Select as SelectPrimitive } from 'bits-ui';
import Trigger from './select-trigger.svelte';
import Content from './select-content.svelte';
import Item from './select-item.svelte';

const Root = SelectPrimitive.Root;
const Group = SelectPrimitive.Group;
const GroupHeading = SelectPrimitive.GroupHeading;

export { Root, Trigger, Content, Item, Group, GroupHeading };
