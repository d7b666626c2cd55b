import Root from './command.svelte';
import Dialog from './command-dialog.svelte';
import Input from './command-input.svelte';
import List from './command-list.svelte';
import Group from './command-group.svelte';
import Item from './command-item.svelte';
import LinkItem from './command-link-item.svelte';
import Empty from './command-empty.svelte';
import Separator from './command-separator.svelte';

export { Root, Dialog, Input, List, Group, Item, LinkItem, Empty, Separator };
