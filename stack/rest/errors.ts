// PostgREST's error body `{code, message, details, hint}` with its codes, and the HTTP status it maps
// each PostgreSQL SQLSTATE to (PostgREST's Error.hs), so clients see the same errors as on Supabase.
import { isPostgresError } from '../db';

export interface ErrorBody {
	code: string;
	message: string;
	details: string | unknown[] | null;
	hint: string | null;
}

export class RestError extends Error {
	name = 'RestError';
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details: string | unknown[] | null = null,
		readonly hint: string | null = null,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}

	get body(): ErrorBody {
		return { code: this.code, message: this.message, details: this.details, hint: this.hint };
	}
}

/** PGRST100: a query parameter PostgREST's grammar does not accept. */
export const queryParamError = (message: string, details: string) =>
	new RestError(400, 'PGRST100', message, details);

export const invalidRpcMethod = (method: string) =>
	new RestError(405, 'PGRST101', `Cannot use the ${method} method on RPC`);

export const invalidBody = (message: string) => new RestError(400, 'PGRST102', message);

export const invalidRange = (details: string) =>
	new RestError(416, 'PGRST103', 'Requested range not satisfiable', details);

export const unacceptableSchema = (schema: string, exposed: string[]) =>
	new RestError(
		406,
		'PGRST106',
		`Invalid schema: ${schema}`,
		null,
		`Only the following schemas are exposed: ${exposed.join(', ')}`
	);

export const mediaTypeError = (mediaTypes: string[]) =>
	new RestError(
		406,
		'PGRST107',
		`None of these media types are available: ${mediaTypes.join(', ')}`
	);

export const notEmbedded = (resource: string) =>
	new RestError(
		400,
		'PGRST108',
		`'${resource}' is not an embedded resource in this request`,
		null,
		`Verify that '${resource}' is included in the 'select' query parameter.`
	);

export const singularityError = (rows: number) =>
	new RestError(
		406,
		'PGRST116',
		'Cannot coerce the result to a single JSON object',
		`The result contains ${rows} rows`
	);

export const unsupportedMethod = (method: string) =>
	new RestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);

export const relatedOrderNotToOne = (origin: string, target: string) =>
	new RestError(
		400,
		'PGRST118',
		`A related order on '${target}' is not possible`,
		`'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`
	);

export const invalidPreferences = (prefs: string[]) =>
	new RestError(
		400,
		'PGRST122',
		'Invalid preferences given with handling=strict',
		`Invalid preferences: ${prefs.join(', ')}`
	);

export const aggregatesNotAllowed = () =>
	new RestError(400, 'PGRST123', 'Use of aggregate functions is not allowed');

export const maxAffectedViolation = (rows: number) =>
	new RestError(
		400,
		'PGRST124',
		'Query result exceeds max-affected preference constraint',
		`The query affects ${rows} rows`
	);

export const invalidResourcePath = () =>
	new RestError(404, 'PGRST125', 'Invalid path specified in request URL');

/** PGRST127: something PostgREST can do that this stack does not; `details` names it. */
export const notImplemented = (details: string) =>
	new RestError(400, 'PGRST127', 'Feature not implemented', details);

export const gucHeadersError = () =>
	new RestError(
		500,
		'PGRST111',
		'response.headers guc must be a JSON array composed of objects with a single key and a string value'
	);

export const gucStatusError = () =>
	new RestError(500, 'PGRST112', 'response.status guc must be a valid status code');

export const columnNotFound = (relation: string, column: string) =>
	new RestError(
		400,
		'PGRST204',
		`Could not find the '${column}' column of '${relation}' in the schema cache`
	);

const invalidToken = (status: number, code: string, message: string, details: string | null) =>
	new RestError(status, code, message, details, null, {
		'WWW-Authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`
	});

/** PGRST301: a token that cannot be decoded or whose signature does not verify. */
export const jwtDecodeError = (message: string, details: string | null = null) =>
	invalidToken(401, 'PGRST301', message, details);

/** PGRST303: a token whose claims fail validation, e.g. "JWT expired". */
export const jwtClaimsError = (message: string) => invalidToken(401, 'PGRST303', message, null);

/** The status PostgREST answers a PostgreSQL error with (`authenticated`: the role is not anon). */
export function statusForSqlState(code: string, message: string, authenticated: boolean): number {
	if (code === '23503' || code === '23505') return 409;
	if (code === '25006') return 405;
	if (code === '42P01') return 404;
	if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404;
	if (code === '42P17') return 500;
	if (code === '42501') return authenticated ? 403 : 401;
	if (code === 'P0001') return 400;
	if (code === '57P01') return 503;
	if (code === '53400') return 500;
	if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
	if (code === '22023')
		return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
	// PostgREST answers class 54 (program limits) with 500. Through the API these limits are reached
	// only by the request's own shape (a select list over 1,664 columns, a statement too deep), so
	// the stack answers 400 with the same body: a client's mistake never reads as a server fault.
	if (code.startsWith('54')) return 400;
	if (code.startsWith('PT')) {
		const status = Number(code.slice(2));
		return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
	}
	const byClass: Record<string, number> = {
		'08': 503,
		'09': 500,
		'0L': 403,
		'0P': 403,
		'25': 500,
		'28': 403,
		'2D': 500,
		'38': 500,
		'39': 500,
		'3B': 500,
		'40': 500,
		'53': 503,
		'55': 500,
		'57': 500,
		'58': 500,
		F0: 500,
		HV: 500,
		P0: 500,
		XX: 500
	};
	return byClass[code.slice(0, 2)] ?? 400;
}

/** A PostgreSQL error as PostgREST reports it: its SQLSTATE, message, detail and hint. */
export function fromPostgresError(error: unknown, authenticated: boolean): RestError | undefined {
	if (!isPostgresError(error)) return undefined;
	if (error.code === 'PGRST') return fromRaisedPgrst(error.message, error.detail);
	const status = statusForSqlState(error.code, error.message, authenticated);
	return new RestError(
		status,
		error.code,
		error.message,
		error.detail ?? null,
		error.hint ?? null,
		status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}
	);
}

/** `RAISE SQLSTATE 'PGRST' USING message = '{json}', detail = '{json}'`: full control of the answer. */
function fromRaisedPgrst(message: string, detail: string | undefined): RestError {
	const parse = (text: string | undefined) => {
		try {
			const value = text === undefined ? undefined : JSON.parse(text);
			return value !== null && typeof value === 'object' && !Array.isArray(value)
				? (value as Record<string, unknown>)
				: undefined;
		} catch {
			return undefined;
		}
	};
	const body = parse(message);
	if (!body || typeof body.code !== 'string' || typeof body.message !== 'string')
		return new RestError(
			500,
			'PGRST121',
			'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error',
			`Invalid JSON value for MESSAGE: '${message}'`,
			"MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'."
		);
	const parseFailure = (details: string) =>
		new RestError(
			500,
			'PGRST121',
			'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error',
			details,
			"DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'."
		);
	if (detail === undefined) return parseFailure('DETAIL is missing in the RAISE statement');
	const response = parse(detail);
	if (!response || typeof response.status !== 'number' || typeof response.headers !== 'object')
		return parseFailure(`Invalid JSON value for DETAIL: '${detail}'`);
	const headers = Object.fromEntries(
		Object.entries(response.headers as Record<string, unknown>).map(([k, v]) => [k, String(v)])
	);
	return new RestError(
		response.status,
		body.code,
		body.message,
		typeof body.details === 'string' ? body.details : null,
		typeof body.hint === 'string' ? body.hint : null,
		headers
	);
}

export const noRelationship = (
	parent: string,
	child: string,
	hint: string | undefined,
	schema: string,
	suggestion: string | null
) =>
	new RestError(
		400,
		'PGRST200',
		`Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
		`Searched for a foreign key relationship between '${parent}' and '${child}${hint === undefined ? '' : `' using the hint '${hint}`}' in the schema '${schema}', but no matches were found.`,
		suggestion
	);

export interface RelationshipDescription {
	cardinality: string;
	embedding: string;
	relationship: string;
}

export const ambiguousRelationship = (
	parent: string,
	child: string,
	candidates: (RelationshipDescription | Record<string, never>)[],
	hints: string[]
) =>
	new RestError(
		300,
		'PGRST201',
		`Could not embed because more than one relationship was found for '${parent}' and '${child}'`,
		candidates,
		`Try changing '${child}' to one of the following: ${hints.join(', ')}. Find the desired relationship in the 'details' key.`
	);

export const functionNotFound = (message: string, details: string, hint: string | null) =>
	new RestError(404, 'PGRST202', message, details, hint);

export const ambiguousFunction = (signatures: string[]) =>
	new RestError(
		300,
		'PGRST203',
		`Could not choose the best candidate function between: ${signatures.join(', ')}`,
		null,
		'Try renaming the parameters or the function itself in the database so function overloading can be resolved'
	);

export const tableNotFound = (schema: string, name: string, suggestion: string | null) =>
	new RestError(
		404,
		'PGRST205',
		`Could not find the table '${schema}.${name}' in the schema cache`,
		null,
		suggestion === null ? null : `Perhaps you meant the table '${schema}.${suggestion}'`
	);
