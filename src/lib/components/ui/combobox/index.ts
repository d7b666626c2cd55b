// A type-to-filter picker on bits-ui: <Combobox.Root type="single" name bind:value items>, an Input
// the person types in (with a button that opens the list), and Content holding the Items that match.
// The caller filters the items from the input's text; with `name`, the value submits with its form.
import { Combobox as ComboboxPrimitive } from 'bits-ui';
import Input from './combobox-input.svelte';
import Content from './combobox-content.svelte';
import Item from './combobox-item.svelte';
import Empty from './combobox-empty.svelte';

const Root = ComboboxPrimitive.Root;
const Group = ComboboxPrimitive.Group;
const GroupHeading = ComboboxPrimitive.GroupHeading;

export { Root, Input, Content, Item, Empty, Group, GroupHeading };
