import type { PostgrestError } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { settingsFailure, type FieldRule } from './settings-errors';

const refusal = (code: string, message: string, hint: string | null = null) =>
	({ code, message, hint, details: null }) as unknown as PostgrestError;

const rules: FieldRule[] = [
	{ field: 'key', constraint: 'ticket_fields_key_check', message: 'Bad key.' },
	{ field: 'key', constraint: 'unique' },
	{ field: 'options', about: /option/i }
];

describe('a settings save the database refused', () => {
	it('puts a validation trigger’s own reason beside the field it is about', () => {
		const failure = settingsFailure(
			refusal('P0001', 'The options of "Tier" must be different from each other.'),
			rules,
			{ options: 'a\na' }
		);
		expect(failure).toEqual({
			message: 'The options of "Tier" must be different from each other.',
			errors: { options: 'The options of "Tier" must be different from each other.' },
			values: { options: 'a\na' }
		});
	});

	it('says what a CHECK constraint means, at its field', () => {
		const failure = settingsFailure(
			refusal(
				'23514',
				'new row for relation "ticket_fields" violates check constraint "ticket_fields_key_check"'
			),
			rules
		);
		expect(failure.errors).toEqual({ key: 'Bad key.' });
	});

	it('names a duplicate at the unique field, and adds the hint to a sentence', () => {
		expect(settingsFailure(refusal('23505', 'duplicate key'), rules, {}, 'Taken.').errors).toEqual({
			key: 'Taken.'
		});
		const failure = settingsFailure(
			refusal('23514', 'a tag named "vip" already exists', 'Merge the two tags instead.'),
			[]
		);
		expect(failure.message).toBe('A tag named "vip" already exists. Merge the two tags instead.');
		expect(failure.errors).toEqual({});
	});

	it('never shows SQL for anything else', () => {
		const failure = settingsFailure(refusal('42501', 'permission denied for table macros'), rules);
		expect(failure.message).toBe('You may not make this change.');
	});
});
