// What a settings form shows when the database refuses a save: the database's own reason, beside the
// field it is about. Validation triggers speak in sentences (they are shown as they are, starting
// with a capital); a table's CHECK constraint only names itself, so each page says what its
// constraints mean.
import type { PostgrestError } from '@supabase/supabase-js';
import type { FormFailure } from '$lib/forms';
import { databaseMessage } from './database-errors';

/** Which field a refusal is about: by the constraint it names, or by words in its reason. */
export interface FieldRule {
	field: string;
	/** A CHECK constraint on this field, with what it means. */
	constraint?: string;
	message?: string;
	/** Words in a validation trigger's reason that point at this field. */
	about?: RegExp;
}

const spoken = new Set(['P0001', '22023', '23514', 'P0002']);
const checkConstraint = /violates check constraint "([^"]+)"/;

const sentence = (text: string) => {
	const capitalized = text.charAt(0).toUpperCase() + text.slice(1);
	return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
};

export function settingsFailure(
	error: PostgrestError,
	rules: FieldRule[],
	values: Record<string, string> = {},
	duplicate = 'That name is already taken.'
): FormFailure {
	const constraint = checkConstraint.exec(error.message)?.[1];
	const byConstraint = constraint && rules.find((rule) => rule.constraint === constraint);
	if (byConstraint) {
		const message = byConstraint.message ?? 'That value is not allowed.';
		return { message, errors: { [byConstraint.field]: message }, values };
	}
	if (error.code === '23505') {
		const field = rules.find((rule) => rule.constraint === 'unique')?.field;
		return { message: duplicate, errors: field ? { [field]: duplicate } : {}, values };
	}
	if (spoken.has(error.code) && !constraint) {
		const message = [sentence(error.message), error.hint].filter(Boolean).join(' ');
		const about = rules.find((rule) => rule.about?.test(error.message));
		return { message, errors: about ? { [about.field]: message } : {}, values };
	}
	return { message: databaseMessage(error), errors: {}, values };
}
