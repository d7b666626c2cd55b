// Realtime's REST broadcast API: `POST /api/broadcast` with `{messages: [{topic, event, payload,
// private}]}` (what realtime-js's `send()` falls back to), and `POST /api/broadcast/<topic>/events/
// <event>` (`httpSend`, JSON or bytes). The bearer JWT decides who is sending: a private topic takes
// the message only if that role may insert into realtime.messages for it, so the service role always
// may and a user as RLS allows.
import { z } from 'zod';
import type { Database } from '../db';
import { readBody, sendEmpty, sendJson, type RouteRequest } from '../http';
import type { Hub } from './hub';
import { hubTopicOf } from './hub';
import { canWrite } from './private-channels';
import type { Claims, TokenVerifier } from './token';
import { xHeaders } from './x-headers';

export interface HttpApiServices {
	db: Database;
	hub: Hub;
	verifyToken: TokenVerifier;
	log: (line: string) => void;
}

const message = z.object({
	topic: z.string().min(1),
	event: z.string().min(1),
	payload: z.record(z.string(), z.unknown()),
	private: z.boolean().optional(),
	id: z.string().optional()
});
const batch = z.object({ messages: z.array(message).min(1) });

type Errors = { [field: string]: string[] | Errors | Errors[] };

/** Zod's issues as Ecto's changeset errors, which Supabase returns with its 422. */
function changesetErrors(issues: z.core.$ZodIssue[], input: unknown): Errors {
	const errors: Errors = {};
	const at = (path: PropertyKey[]) =>
		path.reduce<unknown>(
			(value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key],
			input
		);
	for (const issue of issues) {
		const path = issue.path;
		const raw = at(path);
		const text = raw === undefined || raw === null || raw === '' ? "can't be blank" : 'is invalid';
		if (path.length === 1 || path[0] !== 'messages') {
			errors[String(path[0] ?? 'messages')] = [text];
			continue;
		}
		const list = (errors.messages ??= (at(['messages']) as unknown[]).map(() => ({}))) as Errors[];
		const item = list[Number(path[1])] ?? {};
		item[String(path[2])] = [text];
	}
	return errors;
}

function bearer(req: RouteRequest['req']): string | undefined {
	const header = req.headers.authorization;
	const match = /^bearer\s+(\S+)$/i.exec(header ?? '');
	return match?.[1] ?? (req.headers.apikey as string | undefined);
}

export function createHttpApi(services: HttpApiServices) {
	const { db, hub } = services;

	const mayWrite = async (topic: string, claims: Claims, headers: Record<string, string>) => {
		try {
			return await canWrite(db, { topic, claims, headers }, 'broadcast');
		} catch (error) {
			services.log(`realtime: broadcast write check on ${topic} failed: ${error}`);
			return false;
		}
	};

	async function broadcastBatch(
		{ req, res }: RouteRequest,
		claims: Claims,
		headers: Record<string, string>
	) {
		let body: unknown;
		try {
			body = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8') || 'null');
		} catch {
			return sendJson(res, 400, { message: 'Bad Request' });
		}
		const parsed = batch.safeParse(body);
		if (!parsed.success)
			return sendJson(res, 422, { errors: changesetErrors(parsed.error.issues, body) });
		const allowed = new Map<string, boolean>();
		for (const m of parsed.data.messages) {
			const payload: Record<string, unknown> = {
				payload: m.payload,
				event: m.event,
				type: 'broadcast'
			};
			if (m.id) payload.meta = { id: m.id };
			if (m.private) {
				if (!allowed.has(m.topic)) allowed.set(m.topic, await mayWrite(m.topic, claims, headers));
				// Supabase drops what the sender may not write to a private topic, and still answers 202.
				if (!allowed.get(m.topic)) continue;
			}
			hub.broadcast(hubTopicOf(m.topic, m.private ?? false), { kind: 'json', payload });
		}
		sendEmpty(res, 202);
	}

	async function broadcastOne(
		{ req, res, url }: RouteRequest,
		claims: Claims,
		headers: Record<string, string>,
		topic: string,
		event: string
	) {
		const type = /^application\/(json|octet-stream)\b/i.exec(
			req.headers['content-type'] ?? 'application/json'
		)?.[1];
		if (!type)
			return sendJson(res, 415, {
				error: 'Unsupported Media Type. Use application/json or application/octet-stream'
			});
		const data = await readBody(req, 1024 * 1024);
		const encoding = type.toLowerCase() === 'json' ? 'json' : 'binary';
		if (data.length === 0) return sendJson(res, 422, { errors: { payload: ["can't be blank"] } });
		if (encoding === 'json') {
			try {
				JSON.parse(data.toString('utf8'));
			} catch {
				return sendJson(res, 400, { message: 'Bad Request' });
			}
		}
		const isPrivate = url.searchParams.get('private') === 'true';
		if (isPrivate && !(await mayWrite(topic, claims, headers)))
			return sendJson(res, 403, { message: 'Unauthorized' });
		hub.broadcast(hubTopicOf(topic, isPrivate), {
			kind: 'user',
			broadcast: { event, encoding, data }
		});
		sendEmpty(res, 202);
	}

	return async (request: RouteRequest): Promise<void> => {
		const { req, res, path } = request;
		const single = /^\/broadcast\/([^/]+)\/events\/([^/]+)$/.exec(path);
		if (req.method !== 'POST' || (path !== '/broadcast' && !single))
			return sendJson(res, 404, { message: 'Not Found' });
		const token = bearer(req);
		const check = token ? await services.verifyToken(token) : undefined;
		if (!check?.ok) return sendJson(res, 401, { message: 'Unauthorized' });
		const headers = xHeaders(req);
		if (single)
			return broadcastOne(
				request,
				check.claims,
				headers,
				decodeURIComponent(single[1]),
				decodeURIComponent(single[2])
			);
		return broadcastBatch(request, check.claims, headers);
	};
}
