// What a person reads when the database refuses an admin's change: its own words for the rules
// it enforces (the last admin, deactivating oneself), a plain sentence for the rest. Nothing of
// the SQL reaches the page.
import { error } from '@sveltejs/kit';
import type { PostgrestError } from '@supabase/supabase-js';

const ownWords = new Set(['23514', 'P0002', '22023']);

export function databaseMessage(error: PostgrestError): string {
	if (ownWords.has(error.code)) {
		const sentence = error.message.endsWith('.') ? error.message : `${error.message}.`;
		return [sentence, error.hint].filter(Boolean).join(' ');
	}
	if (error.code === '23505') return 'That name is already taken.';
	if (error.code === '42501') return 'You may not make this change.';
	console.error('an admin change failed:', error.code, error.message);
	return 'The change could not be saved. Try again in a moment.';
}

/**
 * Ends a page load the database refused: a refusal (not an admin, or the second factor not used
 * where it is required) is a 403 in the database's words, anything else a 500 with `message`.
 */
export function failedLoad(failure: PostgrestError, message: string, what: string): never {
	if (failure.code === '42501') error(403, sentence(failure.message));
	console.error(`${what} failed:`, failure.message);
	error(500, message);
}

const sentence = (text: string) => {
	const capitalized = text.charAt(0).toUpperCase() + text.slice(1);
	return capitalized.endsWith('.') ? capitalized : `${capitalized}.`;
};
