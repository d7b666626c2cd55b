// Tabs: arrow keys move between triggers, the active one shows its content.
import { Tabs as TabsPrimitive } from 'bits-ui';
import List from './tabs-list.svelte';
import Trigger from './tabs-trigger.svelte';
import Content from './tabs-content.svelte';

const Root = TabsPrimitive.Root;

export { Root, List, Trigger, Content };
