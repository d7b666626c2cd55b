// Collects what the server answers to a simple query (one Query message, any number of statements)
// into one result per statement, as libpq hands them to a client: a command tag, a count of rows,
// or an empty query; and the error that ended the script, if one did. PGlite and `pg` both feed it.
import type { ServerError, SimpleOutcome, SimpleResult } from './types';

/** COPY needs a client that streams data; a script run this way has none. */
export const copyNotSupported: ServerError = {
	severity: 'ERROR',
	code: '0A000',
	message: 'COPY not supported'
};

export class SimpleQueryCollector {
	readonly #results: SimpleResult[] = [];
	#rows: number | undefined;
	#error: ServerError | undefined;

	rowDescription(): void {
		this.#rows = 0;
	}

	dataRow(): void {
		this.#rows = (this.#rows ?? 0) + 1;
	}

	commandComplete(tag: string): void {
		// A statement that described rows is a result set (libpq's PGRES_TUPLES_OK), whatever its tag.
		this.#results.push(
			this.#rows === undefined ? { kind: 'command', tag } : { kind: 'rows', count: this.#rows }
		);
		this.#rows = undefined;
	}

	emptyQuery(): void {
		this.#results.push({ kind: 'empty' });
	}

	error(error: ServerError): void {
		this.#error ??= error;
	}

	get outcome(): SimpleOutcome {
		return this.#error
			? { results: this.#results, error: this.#error }
			: { results: this.#results };
	}
}

/** The fields libpq prints from an error of either driver (both name them the same way). */
export function serverError(error: unknown): ServerError {
	const fields = error as Partial<ServerError> & { message?: string };
	const read = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
	return {
		severity: read(fields.severity) ?? 'ERROR',
		code: read(fields.code) ?? 'XX000',
		message: read(fields.message) ?? String(error),
		detail: read(fields.detail),
		hint: read(fields.hint),
		position: read(fields.position),
		where: read(fields.where)
	};
}
