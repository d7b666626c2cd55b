// Composer drafts, kept per ticket in the browser's local storage until sent or discarded, so a
// reload, a closed tab or a crash loses nothing.

export interface DraftFile {
	id: string;
	name: string;
	size: number;
	type: string;
	path: string;
}

export interface Draft {
	kind: 'reply' | 'note';
	body: string;
	files: DraftFile[];
}

const keyOf = (ticketId: number) => `autocrm:draft:ticket:${ticketId}`;

const isDraft = (value: unknown): value is Draft =>
	typeof value === 'object' &&
	value !== null &&
	((value as Draft).kind === 'reply' || (value as Draft).kind === 'note') &&
	typeof (value as Draft).body === 'string' &&
	Array.isArray((value as Draft).files);

export function readDraft(storage: Storage, ticketId: number): Draft | null {
	try {
		const value: unknown = JSON.parse(storage.getItem(keyOf(ticketId)) ?? 'null');
		return isDraft(value) ? value : null;
	} catch {
		return null;
	}
}

/** Keeps the draft, or forgets it when there is nothing in it. */
export function writeDraft(storage: Storage, ticketId: number, draft: Draft): void {
	try {
		if (draft.body.trim() === '' && draft.files.length === 0) storage.removeItem(keyOf(ticketId));
		else storage.setItem(keyOf(ticketId), JSON.stringify(draft));
	} catch {
		// Storage full or blocked (private mode): the draft lives as long as the page does.
	}
}

export const clearDraft = (storage: Storage, ticketId: number) =>
	storage.removeItem(keyOf(ticketId));
