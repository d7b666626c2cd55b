import { describe, expect, it } from 'vitest';
import { isApplePlatform, keyCaps, matchesChord, parseKeys } from './keys';

const key = (
	key: string,
	modifiers: Partial<Record<'ctrl' | 'meta' | 'alt' | 'shift', boolean>> = {}
) => ({
	key,
	ctrlKey: !!modifiers.ctrl,
	metaKey: !!modifiers.meta,
	altKey: !!modifiers.alt,
	shiftKey: !!modifiers.shift
});

describe('shortcut keys', () => {
	it('parse chords and sequences', () => {
		expect(parseKeys('g v')).toHaveLength(2);
		expect(parseKeys('mod+k')[0]).toMatchObject({ key: 'k', mod: true, shift: false });
		expect(() => parseKeys('hyper+k')).toThrow(/not a key chord/);
	});

	it('take mod as ⌘ on a Mac and Ctrl elsewhere', () => {
		const [chord] = parseKeys('mod+k');
		expect(matchesChord(chord, key('k', { meta: true }), true)).toBe(true);
		expect(matchesChord(chord, key('k', { ctrl: true }), true)).toBe(false);
		expect(matchesChord(chord, key('k', { ctrl: true }), false)).toBe(true);
		expect(matchesChord(chord, key('k'), false)).toBe(false);
	});

	it('do not fire a plain key with Ctrl, Alt or Shift held', () => {
		const [chord] = parseKeys('c');
		expect(matchesChord(chord, key('c'), false)).toBe(true);
		expect(matchesChord(chord, key('C', { shift: true }), false)).toBe(false);
		expect(matchesChord(chord, key('c', { ctrl: true }), false)).toBe(false);
		expect(matchesChord(chord, key('c', { alt: true }), false)).toBe(false);
	});

	it('accept "?" however the layout makes it', () => {
		const [chord] = parseKeys('?');
		expect(matchesChord(chord, key('?', { shift: true }), false)).toBe(true);
		expect(matchesChord(chord, key('?'), false)).toBe(true);
	});

	it('print as key caps', () => {
		expect(keyCaps('mod+k', true)).toEqual([['⌘', 'K']]);
		expect(keyCaps('mod+enter', false)).toEqual([['Ctrl', 'Enter']]);
		expect(keyCaps('g v', false)).toEqual([['G'], ['V']]);
	});

	it('know Apple platforms', () => {
		expect(isApplePlatform({ platform: 'MacIntel', userAgent: '' })).toBe(true);
		expect(
			isApplePlatform({ platform: '', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)' })
		).toBe(true);
		expect(isApplePlatform({ platform: 'Linux x86_64', userAgent: 'X11' })).toBe(false);
	});
});
