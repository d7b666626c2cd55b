// The REST API at /rest/v1, PostgREST-compatible: authenticate, read the request, plan it against the
// schema cache, run it in one transaction as the JWT's role, answer as PostgREST would.
import { LRUCache } from 'lru-cache';
import type { ServerResponse } from 'node:http';
import {
	applyCors,
	BodyTooLargeError,
	corsHeaders,
	readBody,
	type RouteRequest,
	type StackContext
} from '../http';
import { anonRole, createAuthenticator } from './auth';
import { createSchemaCache, type Catalog } from './catalog';
import { invalidBody, RestError } from './errors';
import { execute } from './execute';
import { prepareCall } from './handlers/call';
import { prepareMutation } from './handlers/mutate';
import { findRelation, prepareRead, type ReadShapes } from './handlers/read';
import type { Prepared, RestResponse } from './handlers/types';
import { noCookies, readPayload, readRequest, type RestRequest } from './request';
import { ident } from './sql';

const vary = 'Accept, Prefer, Range';
const noRoleSettings: [string, string][] = [];

// Names and values in turn, as writeHead takes them: no headers object is built per response. The
// CORS headers come first (this route sends them, see Route.sendsCors), then Vary, the response's
// own and Content-Length.
function headerList(response: RestResponse, withCors: boolean): (string | number)[] {
	const headers: (string | number)[] = withCors ? [...corsHeaders, 'Vary', vary] : ['Vary', vary];
	for (const name in response.headers) headers.push(name, response.headers[name]);
	if (response.body !== undefined) headers.push('Content-Length', Buffer.byteLength(response.body));
	return headers;
}

// Headers the stack built are valid and each named once, so they go to Node in one list, which it
// stores as given. Headers from SQL may repeat a name or be invalid: then they go through setHeader,
// which merges a repeated name into its first place and refuses an invalid one having kept those
// before it (the gateway's 500 carries those). A list Node refused is sent that way too, so that it
// fails the same way.
function send(res: ServerResponse, response: RestResponse): void {
	let stored = false;
	if (!response.headersFromSql) {
		try {
			res.writeHead(response.status, headerList(response, true));
			stored = true;
		} catch {
			// Node stored nothing: the merging path below meets the same error at the same header.
		}
	}
	if (!stored) {
		applyCors(res);
		res.writeHead(response.status, headerList(response, false));
	}
	res.end(response.body);
}

// An error raised in SQL (PT…) carries headers of its own choosing.
function sendError(res: ServerResponse, error: RestError): void {
	send(res, {
		status: error.status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...error.headers },
		body: JSON.stringify(error.body),
		headersFromSql: true
	});
}

/** OPTIONS on a table or function: which methods it allows, as PostgREST answers. */
function allowed(request: RestRequest, catalog: Catalog): RestResponse {
	let allow = 'OPTIONS,GET,HEAD,POST';
	if (request.resource.kind === 'relation') {
		const relation = findRelation(catalog, { schema: request.schema, name: request.resource.name });
		allow = [
			'OPTIONS,GET,HEAD',
			...(relation.insertable ? ['POST'] : []),
			...(relation.insertable && relation.updatable && relation.primaryKey.length ? ['PUT'] : []),
			...(relation.updatable ? ['PATCH'] : []),
			...(relation.deletable ? ['DELETE'] : [])
		].join(',');
	}
	return { status: 200, headers: { Allow: allow } };
}

export async function createRestApi(ctx: StackContext) {
	const { config, db } = ctx;
	const schemas = config.api.schemas;
	const maxRows = config.api.max_rows;
	const cache = await createSchemaCache(db, schemas, ctx.log);
	const authenticator = createAuthenticator(ctx.jwt);
	const readShapes: ReadShapes = new LRUCache({ max: 500 });
	const searchPaths = new Map(
		schemas.map((schema) => [
			schema,
			[schema, ...config.api.extra_search_path].map(ident).join(', ')
		])
	);
	const searchPathOf = (schema: string) => searchPaths.get(schema)!;
	// Verified claims are cached (and so the same object) for as long as their token is.
	const claimsTexts = new WeakMap<object, string>();
	const claimsJson = (claims: Record<string, unknown>) => {
		let text = claimsTexts.get(claims);
		if (text === undefined) {
			text = JSON.stringify(claims);
			claimsTexts.set(claims, text);
		}
		return text;
	};

	async function respond({ req, url, path }: RouteRequest): Promise<RestResponse> {
		// A cached token and a loaded schema cache answer without waiting a turn of the event loop.
		let auth = authenticator.authenticate(req);
		if (auth instanceof Promise) auth = await auth;
		if (auth instanceof RestError) throw auth;
		let catalog = cache.current();
		if (catalog instanceof Promise) catalog = await catalog;
		const { txEnd } = catalog.dbConfig;
		const request = readRequest(req, url, path, {
			schemas,
			txOverride: txEnd.endsWith('-allow-override')
		});
		const needsBody = request.method === 'POST' || request.method === 'PATCH';
		let payload;
		if (needsBody) {
			let body: Buffer;
			try {
				body = await readBody(req);
			} catch (error) {
				if (error instanceof BodyTooLargeError) throw invalidBody(error.message);
				throw error;
			}
			payload = readPayload(
				body,
				req.headers['content-type'],
				request.params.columns,
				request.resource.kind === 'rpc'
			);
		}
		if (request.method === 'OPTIONS') return allowed(request, catalog);

		let prepared: Prepared;
		if (request.resource.kind === 'rpc') prepared = prepareCall(request, catalog, payload, maxRows);
		else if (request.method === 'GET' || request.method === 'HEAD')
			prepared = prepareRead(request, catalog, { maxRows }, readShapes);
		else prepared = prepareMutation(request, catalog, payload);

		return execute(db, prepared, {
			settings: {
				searchPath: searchPathOf(request.schema),
				roleSettings: catalog.roleSettings.get(auth.role) ?? noRoleSettings,
				role: auth.role,
				claims: claimsJson(auth.claims),
				method: request.method,
				path: request.path,
				headers: JSON.stringify(request.headers),
				cookies: request.cookies === noCookies ? '{}' : JSON.stringify(request.cookies),
				timezone: request.prefer.timezone,
				readOnly: prepared.readOnly
			},
			authenticated: auth.role !== anonRole,
			version: catalog.version,
			rollback:
				request.prefer.tx === 'rollback' ||
				(txEnd.startsWith('rollback') && request.prefer.tx !== 'commit')
		});
	}

	return {
		async handle(route: RouteRequest): Promise<void> {
			let response: RestResponse;
			try {
				response = await respond(route);
			} catch (error) {
				if (error instanceof RestError) return sendError(route.res, error);
				throw error;
			}
			send(route.res, response);
		},
		close: () => cache.close()
	};
}
