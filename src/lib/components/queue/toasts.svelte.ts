// Short messages after an action ("Changed 30 tickets."), shown for a few seconds in a live region.
export interface Toast {
	id: number;
	message: string;
	tone: 'success' | 'error';
}

export class Toasts {
	items: Toast[] = $state([]);
	#next = 1;

	show(message: string, tone: Toast['tone'] = 'success', ms = 6000) {
		const toast = { id: this.#next++, message, tone };
		this.items = [...this.items, toast];
		setTimeout(() => this.dismiss(toast.id), ms);
	}

	dismiss(id: number) {
		this.items = this.items.filter((toast) => toast.id !== id);
	}
}
