// What an avatar shows when there is no picture: up to two initials, and a hue that stays the same
// for the same person.

/** "Ann Agent" → "AA", "cher" → "C", "ann.agent@x.test" → "AA", "" → "?". */
export function initials(name: string | null | undefined, email?: string | null): string {
	const source =
		name?.trim() ||
		email
			?.split('@')[0]
			?.replace(/[._-]+/g, ' ')
			.trim() ||
		'';
	const words = source.split(/\s+/u).filter(Boolean);
	if (words.length === 0) return '?';
	const first = [...words[0]][0] ?? '';
	const last = words.length > 1 ? ([...words[words.length - 1]][0] ?? '') : '';
	return (first + last).toLocaleUpperCase();
}

export const avatarHues = 6;

/** 1…avatarHues, from a stable hash of the key (an id or an email). */
export function avatarHue(key: string): number {
	let hash = 0;
	for (const char of key) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
	return (hash % avatarHues) + 1;
}
