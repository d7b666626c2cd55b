import { describe, expect, it } from 'vitest';
import { clearDraft, readDraft, writeDraft } from './drafts';

class MemoryStorage implements Storage {
	#items = new Map<string, string>();
	get length() {
		return this.#items.size;
	}
	clear() {
		this.#items.clear();
	}
	getItem(key: string) {
		return this.#items.get(key) ?? null;
	}
	key(index: number) {
		return [...this.#items.keys()][index] ?? null;
	}
	removeItem(key: string) {
		this.#items.delete(key);
	}
	setItem(key: string, value: string) {
		this.#items.set(key, value);
	}
}

describe('composer drafts', () => {
	it('are kept per ticket until cleared', () => {
		const storage = new MemoryStorage();
		writeDraft(storage, 7, { kind: 'note', body: 'Checking logs', files: [] });
		expect(readDraft(storage, 7)).toEqual({ kind: 'note', body: 'Checking logs', files: [] });
		expect(readDraft(storage, 8)).toBeNull();
		clearDraft(storage, 7);
		expect(readDraft(storage, 7)).toBeNull();
	});

	it('forget an empty draft and ignore what they cannot read', () => {
		const storage = new MemoryStorage();
		writeDraft(storage, 7, { kind: 'reply', body: 'x', files: [] });
		writeDraft(storage, 7, { kind: 'reply', body: '  ', files: [] });
		expect(storage.length).toBe(0);
		storage.setItem('autocrm:draft:ticket:9', '{not json');
		expect(readDraft(storage, 9)).toBeNull();
	});
});
