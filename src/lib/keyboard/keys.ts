// Shortcut key strings: "mod+k", "?", "g v" (a sequence: g, then v), "mod+enter". `mod` is ⌘ on a
// Mac and Ctrl elsewhere. Parsing, matching a keydown against one chord, and the keys to print.

export interface Chord {
	key: string;
	mod: boolean;
	ctrl: boolean;
	meta: boolean;
	alt: boolean;
	shift: boolean;
}

/** The parts of a keydown a chord is matched against. */
export type KeyInput = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

const modifiers = new Set(['mod', 'ctrl', 'meta', 'alt', 'shift']);

function parseChord(text: string): Chord {
	// "mod++" would be mod and "+": the last part is the key, even when it is empty after a split.
	const parts = text.toLowerCase().split('+');
	const key = parts.pop() || '+';
	const unknown = parts.find((part) => !modifiers.has(part));
	if (unknown !== undefined || key === '') throw new Error(`not a key chord: "${text}"`);
	return {
		key,
		mod: parts.includes('mod'),
		ctrl: parts.includes('ctrl'),
		meta: parts.includes('meta'),
		alt: parts.includes('alt'),
		shift: parts.includes('shift')
	};
}

/** "g v" → two chords; "mod+k" → one. */
export const parseKeys = (keys: string): Chord[] => keys.trim().split(/\s+/).map(parseChord);

const isLetter = (key: string) => /^[a-z]$/.test(key);

export function matchesChord(chord: Chord, event: KeyInput, mac: boolean): boolean {
	if (event.key.toLowerCase() !== chord.key) return false;
	const ctrl = chord.ctrl || (chord.mod && !mac);
	const meta = chord.meta || (chord.mod && mac);
	if (event.ctrlKey !== ctrl || event.metaKey !== meta || event.altKey !== chord.alt) return false;
	// "?" is typed with Shift on most layouts, so Shift only counts for letters and named keys.
	const shiftMatters = isLetter(chord.key) || chord.key.length > 1;
	return !shiftMatters || event.shiftKey === chord.shift;
}

const names: Record<string, string> = {
	enter: 'Enter',
	escape: 'Esc',
	arrowup: '↑',
	arrowdown: '↓',
	arrowleft: '←',
	arrowright: '→',
	' ': 'Space'
};

/** The keys as printed, one string per key cap: "mod+k" → ["⌘", "K"] on a Mac, ["Ctrl", "K"] elsewhere. */
export function keyCaps(keys: string, mac: boolean): string[][] {
	return parseKeys(keys).map((chord) => [
		...(chord.mod ? [mac ? '⌘' : 'Ctrl'] : []),
		...(chord.ctrl ? ['Ctrl'] : []),
		...(chord.meta ? [mac ? '⌘' : 'Meta'] : []),
		...(chord.alt ? [mac ? '⌥' : 'Alt'] : []),
		...(chord.shift ? ['Shift'] : []),
		names[chord.key] ?? chord.key.toUpperCase()
	]);
}

/** Whether this browser runs on an Apple platform, where `mod` is ⌘. */
export const isApplePlatform = (navigatorLike: { platform?: string; userAgent: string }) =>
	/mac|iphone|ipad|ipod/i.test(navigatorLike.platform || navigatorLike.userAgent);
