// The one HTTP server: CORS, the API key check, and dispatch to the service owning the path prefix.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StackKeys } from '../keys';
import { checkApiKey } from './api-key';
import { answerPreflight, applyCors } from './cors';
import { sendJson } from './respond';
import type { Route, UpgradeRoute } from './service';

const below = (pathname: string, prefix: string) =>
	pathname === prefix || pathname.startsWith(`${prefix}/`);

/** The route owning a path: the first by longest prefix. A loop, as this runs on every request. */
function routeOf<T extends { prefix: string }>(byPrefix: T[], pathname: string): T | undefined {
	for (const route of byPrefix) if (below(pathname, route.prefix)) return route;
	return undefined;
}

const longestFirst = <T extends { prefix: string }>(items: T[]) =>
	[...items].sort((a, b) => b.prefix.length - a.prefix.length);

export interface Gateway {
	handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
	upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface GatewayOptions {
	/** Refuse requests without an `apikey`, as hosted Supabase does (`supabase start` passes them). */
	requireApiKey?: boolean;
}

export function createGateway(
	keys: StackKeys,
	routes: Route[],
	upgrades: UpgradeRoute[],
	log: (line: string) => void,
	{ requireApiKey = false }: GatewayOptions = {}
): Gateway {
	const byPrefix = longestFirst(routes);
	const upgradesByPrefix = longestFirst(upgrades);

	return {
		async handle(req, res) {
			if (answerPreflight(req, res)) return;
			const url = new URL(req.url ?? '/', 'http://localhost');
			const route = routeOf(byPrefix, url.pathname);
			// Set here, the CORS headers come first in every answer; a route that writes them itself
			// gets them only on the answers the gateway gives in its place.
			const ownCors = route?.sendsCors === true;
			if (!ownCors) applyCors(res);
			if (!route) {
				sendJson(res, 404, { message: 'no Route matched with those values' });
				return;
			}
			const path = url.pathname.slice(route.prefix.length) || '/';
			const policy = route.keyPolicy(path, req.method ?? 'GET');
			if (policy !== 'none') {
				const check = checkApiKey(req, url, keys, policy, requireApiKey);
				if (!check.ok) {
					if (ownCors) applyCors(res);
					sendJson(res, check.status, check.body);
					return;
				}
			}
			try {
				await route.handle({ req, res, url, path });
			} catch (error) {
				log(`${req.method} ${url.pathname} failed: ${(error as Error)?.stack ?? String(error)}`);
				if (res.headersSent) return void res.destroy();
				if (ownCors) applyCors(res);
				sendJson(res, 500, { message: 'An internal error occurred' });
			}
		},

		upgrade(req, socket, head) {
			const url = new URL(req.url ?? '/', 'http://localhost');
			const route = routeOf(upgradesByPrefix, url.pathname);
			const refuse = (status: number, refusal: object) => {
				const body = JSON.stringify(refusal);
				socket.end(
					`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Unauthorized'}\r\n` +
						`Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
				);
			};
			if (!route) return refuse(404, { message: 'no Route matched with those values' });
			if (route.keyPolicy !== 'none') {
				const check = checkApiKey(req, url, keys, route.keyPolicy, requireApiKey);
				if (!check.ok) return refuse(check.status, check.body);
			}
			route.upgrade(req, socket, head, url, url.pathname.slice(route.prefix.length) || '/');
		}
	};
}
