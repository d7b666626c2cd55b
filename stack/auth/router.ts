// Dispatches Auth API requests to their handlers and writes replies and errors as GoTrue does.
import { sendEmpty, sendJson, type RouteRequest } from '../http';
import type { AuthContext, Handler, Reply } from './context';
import { errorResponse } from './errors';
import { clientIp } from './request';

export interface Endpoint {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** A path below the prefix; `:name` segments become parameters. */
	path: string;
	handler: Handler;
}

interface CompiledEndpoint extends Endpoint {
	pattern: RegExp;
	names: string[];
}

function compile(endpoint: Endpoint): CompiledEndpoint {
	const names: string[] = [];
	const source = endpoint.path.replace(/:([a-z_]+)/g, (_, name: string) => {
		names.push(name);
		return '([^/]+)';
	});
	return { ...endpoint, pattern: new RegExp(`^${source}/?$`), names };
}

function write(res: RouteRequest['res'], reply: Reply): void {
	switch (reply.kind) {
		case 'json':
			return sendJson(res, reply.status, reply.body, reply.headers);
		case 'empty':
			return sendEmpty(res, reply.status);
		case 'redirect':
			res.writeHead(303, { location: reply.location, 'content-length': '0' });
			res.end();
	}
}

export function createRouter(ctx: AuthContext, endpoints: Endpoint[]) {
	const compiled = endpoints.map(compile);

	return async ({ req, res, url, path }: RouteRequest): Promise<void> => {
		const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
		const matches = compiled
			.map((endpoint) => ({ endpoint, match: endpoint.pattern.exec(path) }))
			.filter((candidate) => candidate.match);
		const found = matches.find((candidate) => candidate.endpoint.method === method);
		if (!found) {
			// Chi's answers: 405 with no body for a known path, a plain-text 404 otherwise.
			if (matches.length) return sendEmpty(res, 405);
			res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
			res.end('404 page not found\n');
			return;
		}
		try {
			const params = Object.fromEntries(
				found.endpoint.names.map((name, index) => [
					name,
					decodeURIComponent(found.match?.[index + 1] ?? '')
				])
			);
			const reply = await found.endpoint.handler({
				req,
				res,
				url,
				params,
				ctx,
				client: { userAgent: req.headers['user-agent'] ?? '', ip: clientIp(req) }
			});
			write(res, reply);
		} catch (error) {
			const response = errorResponse(req, error);
			if (response.status >= 500) {
				const cause = (error as { details?: { cause?: unknown } }).details?.cause ?? error;
				ctx.log(
					`auth: ${req.method} ${url.pathname} failed: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`
				);
			}
			sendJson(res, response.status, response.body, response.headers);
		}
	};
}
