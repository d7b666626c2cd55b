// What a request asks for, before the schema cache is consulted: the resource, the schema chosen by
// Accept-Profile/Content-Profile, the Prefer header, the top-level range, and the body as JSON.
import type { IncomingMessage } from 'node:http';
import { csvToObjects } from './csv';
import {
	invalidBody,
	invalidPreferences,
	invalidRange,
	invalidResourcePath,
	invalidRpcMethod,
	notImplemented,
	unacceptableSchema,
	unsupportedMethod
} from './errors';
import {
	parseContentType,
	parsePreferences,
	parseQueryParams,
	type MediaType,
	type Preferences,
	type QueryParams
} from './parse';

export type Resource = { kind: 'relation'; name: string } | { kind: 'rpc'; name: string };

export interface RestRequest {
	method: string;
	resource: Resource;
	schema: string;
	/** The schema came from a profile header or had to be chosen among several: say which. */
	negotiatedByProfile: boolean;
	params: QueryParams;
	prefer: Preferences;
	offset: number;
	limit?: number;
	/** The path PostgREST sees behind the gateway (`/todos`), for request.path. */
	path: string;
	/** Lower-cased names, without cookies and the API key, as `request.headers` shows them. */
	headers: Record<string, string>;
	cookies: Record<string, string>;
}

export interface JsonPayload {
	/** The JSON text to send to the database. */
	json: string;
	isObject: boolean;
	/** The keys the payload sets (or the `columns` parameter's names). */
	keys: string[];
	/** Form or query arguments for a function, when the body was not JSON. */
	form?: Map<string, string[]>;
}

/**
 * A path segment percent-decoded as PostgREST's server (Warp) does it: valid `%XX` escapes become
 * bytes, anything else (a lone `%`, `%zz`) stays as written, and the bytes are read as UTF-8.
 */
export function decodeSegment(segment: string): string {
	// Without an escape there is nothing to decode (the URL parser leaves only ASCII in a path), and
	// most paths have none: this runs on every request.
	if (!segment.includes('%')) return segment;
	const bytes: number[] = [];
	for (let i = 0; i < segment.length; i += 1) {
		const escape = /^%[0-9a-fA-F]{2}/.exec(segment.slice(i, i + 3));
		if (escape) {
			bytes.push(parseInt(segment.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(segment[i]));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

function resourceOf(path: string): Resource | 'root' {
	// Most requests name one table: `/name`, a single segment.
	if (path.lastIndexOf('/') === 0) {
		const name = decodeSegment(path.slice(1));
		return name === '' ? 'root' : { kind: 'relation', name };
	}
	const segments = path.split('/').filter((s, i) => i > 0 || s !== '');
	const decoded = segments.map(decodeSegment);
	if (decoded.length === 0 || (decoded.length === 1 && decoded[0] === '')) return 'root';
	if (decoded.length === 1) return { kind: 'relation', name: decoded[0] };
	if (decoded.length === 2 && decoded[0] === 'rpc') return { kind: 'rpc', name: decoded[1] };
	throw invalidResourcePath();
}

/** The cookies of a request without a Cookie header (most API calls): one shared, empty object. */
export const noCookies: Readonly<Record<string, string>> = Object.freeze({});

function cookiesOf(header: string | undefined): Record<string, string> {
	if (header === undefined) return noCookies;
	const cookies: Record<string, string> = {};
	for (const part of header.split(';')) {
		const at = part.indexOf('=');
		if (at > 0) cookies[part.slice(0, at).trim()] = part.slice(at + 1).trim();
	}
	return cookies;
}

/** The headers as `request.headers` shows them: without cookies, and without the gateway's key. */
function headersOf(req: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (let i = 0; i < req.rawHeaders.length; i += 2) {
		const name = req.rawHeaders[i].toLowerCase();
		if (name !== 'cookie' && name !== 'apikey') headers[name] = req.rawHeaders[i + 1];
	}
	return headers;
}

/** limit/offset, intersected with a `Range: a-b` header on GET, as PostgREST's getRanges. */
function topLevelRange(
	method: string,
	params: QueryParams,
	rangeHeader: string | undefined
): { offset: number; limit?: number } {
	const { limit, offset } = params.ranges.get('') ?? {};
	if (limit !== undefined && limit < 0)
		throw invalidRange('Limit should be greater than or equal to zero.');
	if (limit === 0) {
		if ((offset ?? 0) > 0) throw invalidRange('Limit should be greater than or equal to zero.');
		return { offset: 0, limit: 0 };
	}
	let lower = offset ?? 0;
	let upper = limit === undefined ? Number.POSITIVE_INFINITY : lower + limit - 1;
	const header = method === 'GET' ? /^([0-9]+)-([0-9]*)$/.exec(rangeHeader ?? '') : null;
	if (header) {
		const from = Number(header[1]);
		const to = header[2] === '' ? Number.POSITIVE_INFINITY : Number(header[2]);
		if (from > to)
			throw invalidRange(
				'The lower boundary must be lower than or equal to the upper boundary in the Range header.'
			);
		lower = Math.max(lower, from);
		upper = Math.min(upper, to);
		if (lower > upper) throw invalidRange('Limit should be greater than or equal to zero.');
	}
	return {
		offset: lower,
		limit: upper === Number.POSITIVE_INFINITY ? undefined : upper - lower + 1
	};
}

export interface RequestContext {
	schemas: string[];
	/** db-tx-end allows `Prefer: tx` to choose how the transaction ends. */
	txOverride: boolean;
}

const rpcMethods = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);
const relationMethods = new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);
const writeMethods = new Set(['POST', 'PATCH', 'DELETE', 'PUT']);

export function readRequest(
	req: IncomingMessage,
	url: URL,
	path: string,
	{ schemas, txOverride }: RequestContext
): RestRequest {
	const method = (req.method ?? 'GET').toUpperCase();
	const resource = resourceOf(path);
	if (resource === 'root')
		throw notImplemented(
			'The OpenAPI description at the API root is not served by the local stack'
		);
	if (resource.kind === 'rpc' && !rpcMethods.has(method)) throw invalidRpcMethod(method);
	if (resource.kind === 'relation' && !relationMethods.has(method))
		throw method === 'PUT'
			? notImplemented(
					'PUT (single-row upsert) is not supported by the local stack; use POST with Prefer: resolution=merge-duplicates'
				)
			: unsupportedMethod(method);

	const writes = writeMethods.has(method);
	const profile = req.headers[writes ? 'content-profile' : 'accept-profile'] as string | undefined;
	if (profile !== undefined && !schemas.includes(profile))
		throw unacceptableSchema(profile, schemas);

	const prefer = parsePreferences(req.headers.prefer, txOverride);
	if (prefer.handling === 'strict' && prefer.invalid.length)
		throw invalidPreferences(prefer.invalid);

	const isRpcRead = resource.kind === 'rpc' && (method === 'GET' || method === 'HEAD');
	const params = parseQueryParams(url.searchParams, isRpcRead);
	const { offset, limit } = topLevelRange(method, params, req.headers.range);
	return {
		method,
		resource,
		schema: profile ?? schemas[0],
		negotiatedByProfile: profile !== undefined || schemas.length !== 1,
		params,
		prefer,
		offset,
		limit,
		path,
		headers: headersOf(req),
		cookies: cookiesOf(req.headers.cookie)
	};
}

/** The request body as JSON (from JSON, CSV or a form), and the keys it sets. */
export function readPayload(
	body: Buffer,
	contentType: string | undefined,
	columns: string[] | undefined,
	isRpc: boolean
): JsonPayload {
	const mediaType: MediaType = parseContentType(contentType);
	const text = body.toString('utf8');
	if (mediaType.kind === 'urlencoded') {
		const form = new Map<string, string[]>();
		for (const [k, v] of new URLSearchParams(text)) form.set(k, [...(form.get(k) ?? []), v]);
		const object = Object.fromEntries([...form].map(([k, v]) => [k, v[v.length - 1]]));
		return { json: JSON.stringify(object), isObject: true, keys: [...form.keys()], form };
	}
	let value: unknown;
	if (mediaType.kind === 'csv') {
		const objects = csvToObjects(text);
		if (typeof objects === 'string') throw invalidBody(objects);
		value = objects;
	} else if (mediaType.kind === 'json') {
		if (text.trim() === '' && isRpc) value = {};
		else {
			try {
				value = JSON.parse(text);
			} catch {
				throw invalidBody('Empty or invalid json');
			}
		}
	} else {
		throw invalidBody(`Content-Type not acceptable: ${contentType}`);
	}

	const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
	const json = mediaType.kind === 'json' && text.trim() !== '' ? text : JSON.stringify(value);
	if (columns !== undefined) return { json, isObject, keys: columns };
	if (isObject) return { json, isObject, keys: Object.keys(value as object) };
	if (!Array.isArray(value) || value.length === 0) return { json: '[]', isObject: false, keys: [] };
	const first = value[0];
	if (first === null || typeof first !== 'object' || Array.isArray(first))
		throw invalidBody('All object keys must match');
	const keys = Object.keys(first).sort();
	const uniform = value.every(
		(item) =>
			item !== null &&
			typeof item === 'object' &&
			!Array.isArray(item) &&
			Object.keys(item).sort().join('\u0000') === keys.join('\u0000')
	);
	if (!uniform) throw invalidBody('All object keys must match');
	return { json, isObject: false, keys: Object.keys(first) };
}
