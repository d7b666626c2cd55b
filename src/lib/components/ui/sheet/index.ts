// A Dialog that slides in from a side: the same parts, with Sheet.Content taking `side`.
import { Dialog as SheetPrimitive } from 'bits-ui';
import Content, { sheetVariants, type SheetSide } from './sheet-content.svelte';
import Title from '../dialog/dialog-title.svelte';
import Description from '../dialog/dialog-description.svelte';

const Root = SheetPrimitive.Root;
const Trigger = SheetPrimitive.Trigger;
const Close = SheetPrimitive.Close;

export { Root, Trigger, Close, Content, Title, Description, sheetVariants, type SheetSide };
