// A menu of actions opened from a button: arrow keys move, Enter picks, typing jumps, Escape closes.
import { DropdownMenu as MenuPrimitive } from 'bits-ui';
import Content from './dropdown-menu-content.svelte';
import Item from './dropdown-menu-item.svelte';
import RadioItem from './dropdown-menu-radio-item.svelte';
import Label from './dropdown-menu-label.svelte';
import Separator from './dropdown-menu-separator.svelte';

const Root = MenuPrimitive.Root;
const Trigger = MenuPrimitive.Trigger;
const Group = MenuPrimitive.Group;
const RadioGroup = MenuPrimitive.RadioGroup;

export { Root, Trigger, Content, Item, RadioItem, RadioGroup, Group, Label, Separator };
