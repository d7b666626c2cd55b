// What every admin settings page keeps around its list: one editor dialog (new or edit), one delete
// confirmation, the last refusal shown until its dialog closes, and `c` for a new item.
import { useShortcuts } from '$lib/keyboard';

interface Options<Item, Refusal> {
	/** The form action's refusal of a create or save, if that is what the page shows. */
	refused: () => Refusal;
	/** What `c` makes, for the shortcuts list ("New macro"). */
	newLabel: string;
	/** Sets the page's own form state as the editor opens on `item` (null: a new one). */
	onOpen?: (item: Item | null) => void;
	/** Sets the page's own form state from what a refused form had in it. */
	onRefused?: (refusal: NonNullable<Refusal>) => void;
}

export class SettingsEditor<Item, Refusal> {
	dialogOpen = $state(false);
	/** The item in the editor; null for a new one. */
	editing = $state<Item | null>(null);
	deleteOpen = $state(false);
	deleting = $state<Item | null>(null);
	/** The last refusal, shown until its dialog closes, so another item then opens clean. */
	failed = $state<Refusal>();

	readonly #onOpen;

	constructor({ refused, newLabel, onOpen, onRefused }: Options<Item, Refusal>) {
		this.#onOpen = onOpen;
		$effect(() => {
			const refusal = refused();
			this.failed = refusal;
			if (refusal) {
				onRefused?.(refusal);
				this.dialogOpen = true;
			}
		});
		$effect(() => {
			if (!this.dialogOpen) this.failed = undefined;
		});
		useShortcuts(() => [
			{ keys: 'c', description: newLabel, scope: 'Settings', run: () => this.open(null) }
		]);
	}

	/** Opens the editor on `item`, or on a new one. */
	open = (item: Item | null) => {
		this.editing = item;
		this.#onOpen?.(item);
		this.dialogOpen = true;
	};

	openNew = () => this.open(null);

	askDelete = (item: Item) => {
		this.deleting = item;
		this.deleteOpen = true;
	};

	close = () => {
		this.dialogOpen = false;
	};
}
