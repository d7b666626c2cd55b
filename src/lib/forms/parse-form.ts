// Form actions read their input through a zod schema: either typed data, or field errors and the
// values to put back in the form, in the shape the pages render next to each field.
import type { z } from 'zod';

export interface FormFailure {
	message: string;
	errors: Record<string, string>;
	values: Record<string, string>;
}

export type Parsed<T> = { ok: true; data: T } | ({ ok: false } & FormFailure);

/** The text a form sent, to put back in its fields (passwords never are). */
export const textValues = (form: FormData) =>
	Object.fromEntries(
		[...form.entries()].flatMap(([name, value]) =>
			// Passwords are never sent back to the page.
			typeof value === 'string' && !/password/i.test(name) ? [[name, value]] : []
		)
	);

export function parseForm<S extends z.ZodType>(schema: S, form: FormData): Parsed<z.output<S>> {
	const input = Object.fromEntries(
		[...form.keys()].map((name) => [
			name,
			form.get(name) instanceof File ? undefined : form.get(name)
		])
	);
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, data: result.data };
	const errors: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message;
	}
	const fields = Object.keys(errors);
	return {
		ok: false,
		message: fields.length === 1 ? errors[fields[0]] : 'Some fields need another look.',
		errors,
		values: textValues(form)
	};
}

/** A failure of the whole form (the server said no), with what to put back in its fields. */
export const formFailure = (message: string, values: Record<string, string> = {}): FormFailure => ({
	message,
	errors: {},
	values
});
