// A form action's result names the form it answers (`form`) and says whether it went through (`ok`),
// so a page with several forms shows each outcome beside its own form instead of guessing from the
// result's shape.
import { fail } from '@sveltejs/kit';
import { formFailure, type FormFailure } from './parse-form';

/** The results of the action behind the form named `form`. */
export function formResult<F extends string>(form: F) {
	return {
		/**
		 * Refuses the submission with an HTTP status: a parsed form's failure, or a message for the
		 * whole form with the values to put back in its fields.
		 */
		fail(status: number, failure: FormFailure | string, values?: Record<string, string>) {
			const {
				message,
				errors,
				values: kept
			} = typeof failure === 'string' ? formFailure(failure, values) : failure;
			return fail(status, { form, ok: false as const, message, errors, values: kept });
		},
		/** The submission went through; `data` is what the page shows about it. */
		ok<T extends Record<string, unknown> = Record<never, never>>(data?: T) {
			return Object.assign({ form, ok: true as const }, data);
		}
	};
}

type Named = { form?: string };

/** The page's action result if it answers one of `forms`, else undefined. */
export function resultOf<R extends Named, F extends NonNullable<R['form']>>(
	result: R | null | undefined,
	...forms: F[]
): Extract<R, { form: F }> | undefined {
	const answers = (candidate: R): candidate is Extract<R, { form: F }> =>
		forms.some((form) => form === candidate.form);
	return result && answers(result) ? result : undefined;
}

/** The page's action result if it refuses one of `forms`: its message and fields' errors and values. */
export function failureOf<R extends Named & { ok?: boolean }, F extends NonNullable<R['form']>>(
	result: R | null | undefined,
	...forms: F[]
): Extract<R, { form: F; ok: false }> | undefined {
	const refuses = (candidate: R): candidate is Extract<R, { form: F; ok: false }> =>
		candidate.ok === false && forms.some((form) => form === candidate.form);
	return result && refuses(result) ? result : undefined;
}
