import type { FormFailure } from './parse-form';

/**
 * A field's name with what a failed submission says about it: the value to put back (or `fallback`)
 * and its error. Spread it on a `TextField` or `SelectField`.
 */
export const field = (
	failure: Partial<Pick<FormFailure, 'errors' | 'values'>> | null | undefined,
	name: string,
	fallback?: string
) => ({
	name,
	value: failure?.values?.[name] ?? fallback,
	error: failure?.errors?.[name]
});
