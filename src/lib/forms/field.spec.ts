import { describe, expect, it } from 'vitest';
import { field } from './field';
import { formFailure } from './parse-form';

describe('field', () => {
	it('puts back the value a failed submission kept, with the field’s own error', () => {
		const failure = {
			...formFailure('Check the form.', { email: 'a@b.c' }),
			errors: { email: 'Bad' }
		};
		expect(field(failure, 'email')).toEqual({ name: 'email', value: 'a@b.c', error: 'Bad' });
	});

	it('falls back before any submission and for fields never sent back, like passwords', () => {
		expect(field(undefined, 'role', 'agent')).toEqual({
			name: 'role',
			value: 'agent',
			error: undefined
		});
		expect(field(formFailure('Wrong password.'), 'password')).toEqual({
			name: 'password',
			value: undefined,
			error: undefined
		});
	});
});
