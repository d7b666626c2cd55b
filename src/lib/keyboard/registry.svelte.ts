// The one keyboard-shortcut registry of a tab. Components register what they offer (keys, a
// description, a scope to list it under) and unregister on destroy; one keydown listener on the
// window dispatches. Shortcuts stay quiet while someone types in a field, unless they are meant for
// fields (Ctrl/⌘+Enter, Ctrl/⌘+K).
import { untrack } from 'svelte';
import { parseKeys, matchesChord, type Chord, type KeyInput } from './keys';

export interface Shortcut {
	/** "mod+k", "?", "g v"… (see keys.ts). */
	keys: string;
	/** What it does, as the shortcuts dialog lists it: "Open the command palette". */
	description: string;
	/** Where it applies, the heading it is listed under: "General", "Navigation", "Ticket". */
	scope: string;
	/** Runs it; returning false means "not handled here", and the key does its usual thing. */
	run: (event: KeyboardEvent) => void | false;
	/** Also fires while focus is in a text field. */
	whileTyping?: boolean;
}

interface Entry extends Shortcut {
	id: number;
	chords: Chord[];
}

/** How long the second key of a sequence ("g" then "v") may take. */
const sequenceWindowMs = 1500;

const editable = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
const nonTextInputs = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color']);

/** Whether the key was pressed while typing into a field. */
export function isTyping(target: EventTarget | null): boolean {
	if (!target || !(target as Element).closest) return false;
	const field = (target as Element).closest(editable);
	if (!field) return false;
	return !(field instanceof HTMLInputElement && nonTextInputs.has(field.type));
}

export class ShortcutRegistry {
	#entries = $state<Entry[]>([]);
	#nextId = 1;
	#mac: boolean;
	#pending: { chords: Chord[]; at: number } | null = null;

	constructor({ mac }: { mac: boolean }) {
		this.#mac = mac;
	}

	get mac() {
		return this.#mac;
	}

	/** Adds a shortcut; the function returned removes it. Later registrations win over earlier ones. */
	register(shortcut: Shortcut): () => void {
		const entry: Entry = { ...shortcut, id: this.#nextId++, chords: parseKeys(shortcut.keys) };
		// Registering from an effect must not make the effect depend on the list it changes.
		untrack(() => (this.#entries = [...this.#entries, entry]));
		return () =>
			untrack(() => (this.#entries = this.#entries.filter((other) => other.id !== entry.id)));
	}

	/** Every shortcut in force, grouped by scope in order of first registration; one per key string. */
	get groups(): { scope: string; shortcuts: Shortcut[] }[] {
		const entries = this.#entries;
		const inForce = entries.filter(
			(entry, index) => !entries.slice(index + 1).some((later) => later.keys === entry.keys)
		);
		const groups: { scope: string; shortcuts: Shortcut[] }[] = [];
		for (const entry of inForce) {
			const group = groups.find((candidate) => candidate.scope === entry.scope);
			if (group) group.shortcuts.push(entry);
			else groups.push({ scope: entry.scope, shortcuts: [entry] });
		}
		return groups;
	}

	/** Handles a keydown; true when a shortcut took it (or it started a sequence). */
	handle(event: KeyboardEvent): boolean {
		if (event.defaultPrevented || event.isComposing || isModifier(event.key)) return false;
		const typing = isTyping(event.target);
		const candidates = this.#entries.filter((entry) => !typing || entry.whileTyping);
		const now = event.timeStamp || Date.now();

		const pending =
			this.#pending && now - this.#pending.at <= sequenceWindowMs ? this.#pending : null;
		this.#pending = null;
		if (pending && this.#step(pending.chords, event, candidates, now)) return true;
		return this.#step([], event, candidates, now);
	}

	/** Tries `typed` plus this key against every candidate; runs a full match, or waits for more. */
	#step(typed: Chord[], event: KeyboardEvent, candidates: Entry[], now: number): boolean {
		const position = typed.length;
		const matching = candidates.filter(
			(entry) =>
				entry.chords.length > position &&
				entry.chords.slice(0, position).every((chord, i) => sameChord(chord, typed[i])) &&
				matchesChord(entry.chords[position], event as KeyInput, this.#mac)
		);
		// The latest registration of a complete match wins.
		for (const entry of matching.toReversed()) {
			if (entry.chords.length !== position + 1) continue;
			if (entry.run(event) === false) continue;
			event.preventDefault();
			return true;
		}
		const longer = matching.find((entry) => entry.chords.length > position + 1);
		if (!longer) return false;
		this.#pending = { chords: longer.chords.slice(0, position + 1), at: now };
		return true;
	}

	/** Starts dispatching the window's keydowns; returns the stop function. */
	listen(target: Window): () => void {
		const onKeydown = (event: KeyboardEvent) => void this.handle(event);
		target.addEventListener('keydown', onKeydown);
		return () => target.removeEventListener('keydown', onKeydown);
	}
}

const isModifier = (key: string) =>
	key === 'Shift' || key === 'Control' || key === 'Alt' || key === 'Meta';

const sameChord = (a: Chord, b: Chord) =>
	a.key === b.key &&
	a.mod === b.mod &&
	a.ctrl === b.ctrl &&
	a.meta === b.meta &&
	a.alt === b.alt &&
	a.shift === b.shift;
