import { Popover as PopoverPrimitive } from 'bits-ui';
import Content from './popover-content.svelte';
import Deferred from './deferred-popover.svelte';

const Root = PopoverPrimitive.Root;
const Trigger = PopoverPrimitive.Trigger;
const Close = PopoverPrimitive.Close;

export { Root, Trigger, Close, Content, Deferred };
