// GoTrue's errors as values, and how they are written on the wire: the 2024-01-01 body
// (`{code, message}`) when the client sends `X-Supabase-Api-Version`, the legacy body
// (`{code: <status>, error_code, msg}`) otherwise, and the OAuth-style body where GoTrue uses one.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { isPostgresError, type PostgresError } from '../db';

/** An error GoTrue answers with an HTTP status, an error code and a message. */
export class AuthError extends Error {
	name = 'AuthError';
	constructor(
		readonly status: number,
		/** Undefined where GoTrue sets none (hook errors); the body then says `unknown`/`unexpected_failure`. */
		readonly code: string | undefined,
		message: string,
		readonly details: { weakPassword?: string[]; cause?: unknown } = {}
	) {
		super(message);
	}
}

/** An OAuth 2.0 error (`{error, error_description}`), always sent with status 400 as GoTrue does. */
export class OAuthError extends Error {
	name = 'OAuthError';
	constructor(
		readonly error: string,
		readonly description: string
	) {
		super(`${error}: ${description}`);
	}
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const notFound = (code: string, message: string) => new AuthError(404, code, message);
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message);
export const tooManyRequests = (code: string, message: string) => new AuthError(429, code, message);
export const internal = (message: string, cause?: unknown) =>
	new AuthError(500, 'unexpected_failure', message, { cause });

export const weakPassword = (message: string, reasons: string[]) =>
	new AuthError(422, 'weak_password', message, { weakPassword: reasons });

const versionHeader = 'x-supabase-api-version';
const version20240101 = '2024-01-01';

/** True when the request asks for the 2024-01-01 error format (any valid date on or after it). */
function wantsVersionedErrors(req: IncomingMessage): boolean {
	const value = req.headers[versionHeader];
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = Date.parse(`${value}T00:00:00Z`);
	return Number.isFinite(date) && date >= Date.parse(`${version20240101}T00:00:00Z`);
}

// Postgres errors a project raised on purpose (constraint violations, `raise exception`, PTxxx)
// reach legacy clients as they are, as GoTrue passes them on.
function publicPostgresStatus(error: PostgresError): number | undefined {
	if (/^(P0001|23000|23001|23502|23503|23505|23514|23P01)$/.test(error.code)) return 500;
	const custom = /^PT(\d{3})$/.exec(error.code);
	return custom ? Number(custom[1]) : undefined;
}

export interface ErrorResponse {
	status: number;
	body: Record<string, unknown>;
	headers: OutgoingHttpHeaders;
}

/** The status, body and headers GoTrue would answer `error` with, for this request. */
export function errorResponse(req: IncomingMessage, error: unknown): ErrorResponse {
	const versioned = wantsVersionedErrors(req);
	const headers: OutgoingHttpHeaders = versioned
		? { 'X-Supabase-Api-Version': version20240101 }
		: {};

	if (error instanceof OAuthError) {
		return {
			status: 400,
			headers,
			body: {
				error: error.error,
				...(error.description && { error_description: error.description })
			}
		};
	}

	const known =
		error instanceof AuthError
			? error
			: new AuthError(
					500,
					'unexpected_failure',
					'Unexpected failure, please check server logs for more information',
					{ cause: error }
				);
	const code = known.code ?? (known.status === 500 ? 'unexpected_failure' : 'unknown');
	const weak = known.details.weakPassword;

	if (versioned) {
		if (known.code && !weak) headers['x-sb-error-code'] = known.code;
		return {
			status: known.status,
			headers,
			body: { code, message: known.message, ...(weak && { weak_password: { reasons: weak } }) }
		};
	}

	if (known.code) headers['x-sb-error-code'] = known.code;
	const cause = known.details.cause;
	if (isPostgresError(cause)) {
		const status = publicPostgresStatus(cause);
		if (status !== undefined) {
			return {
				status,
				headers,
				body: {
					code: cause.code,
					message: cause.message,
					...(cause.hint && { hint: cause.hint }),
					...(cause.detail && { detail: cause.detail })
				}
			};
		}
	}
	return {
		status: known.status,
		headers,
		body: {
			code: known.status,
			error_code: code,
			msg: known.message,
			...(known.status >= 500 && { error_id: randomUUID() }),
			...(weak && { weak_password: { reasons: weak } })
		}
	};
}
