// CORS as Supabase's gateway answers it: any origin may call the API, and the headers supabase-js
// reads from responses (counts, ranges, the auth API version, error codes) are exposed to browsers.
import type { IncomingMessage, ServerResponse } from 'node:http';

const exposed = [
	'Content-Range',
	'Range-Unit',
	'Content-Location',
	'Content-Disposition',
	'Content-Length',
	'Content-Type',
	'Location',
	'ETag',
	'Last-Modified',
	'Preference-Applied',
	'X-Total-Count',
	'Link',
	'X-Supabase-Api-Version',
	'X-Sb-Error-Code'
].join(', ');

const methods = 'GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS';

const defaultAllowedHeaders =
	'authorization, x-client-info, apikey, content-type, content-profile, accept-profile, prefer, range, x-upsert, x-supabase-api-version, cache-control';

/** The CORS headers every response carries, names and values in turn (as writeHead takes them). */
export const corsHeaders: readonly string[] = [
	'Access-Control-Allow-Origin',
	'*',
	'Access-Control-Expose-Headers',
	exposed
];

export function applyCors(res: ServerResponse): void {
	res.setHeader(corsHeaders[0], corsHeaders[1]);
	res.setHeader(corsHeaders[2], corsHeaders[3]);
}

/** Answers a preflight, CORS headers first; returns false when the request is not one. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): boolean {
	if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
	applyCors(res);
	res.writeHead(204, {
		'Access-Control-Allow-Methods': methods,
		'Access-Control-Allow-Headers':
			req.headers['access-control-request-headers'] ?? defaultAllowedHeaders,
		'Access-Control-Max-Age': '3600',
		'Content-Length': '0'
	});
	res.end();
	return true;
}
