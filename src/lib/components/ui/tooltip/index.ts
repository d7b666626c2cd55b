// A short label shown on hover and on keyboard focus. One Tooltip.Provider (in the portal shell) sets
// the delay for all of them.
import { Tooltip as TooltipPrimitive } from 'bits-ui';
import Content from './tooltip-content.svelte';

const Root = TooltipPrimitive.Root;
const Trigger = TooltipPrimitive.Trigger;
const Provider = TooltipPrimitive.Provider;

export { Root, Trigger, Content, Provider };
