// Reading what a request carries, as GoTrue reads it: the JSON body (1 MB at most, `bad_json`
// otherwise), the bearer token and the client's IP address.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { z } from 'zod';
import { BodyTooLargeError, readBody } from '../http';
import { AuthError, badRequest } from './errors';

const bodyLimit = 1 << 20;

// Go's decoder reads a JSON null as the field's zero value, so bodies may send null anywhere.
/** An optional string field. */
export const text = () =>
	z
		.string()
		.nullish()
		.transform((value) => value ?? undefined);
/** An optional boolean field. */
export const flag = () =>
	z
		.boolean()
		.nullish()
		.transform((value) => value ?? undefined);
/** An optional JSON object field (metadata). */
export const object = () =>
	z
		.record(z.string(), z.unknown())
		.nullish()
		.transform((value) => value ?? undefined);

async function rawBody(req: IncomingMessage): Promise<Buffer> {
	try {
		return await readBody(req, bodyLimit);
	} catch (error) {
		if (error instanceof BodyTooLargeError) {
			throw new AuthError(
				413,
				'request_entity_too_large',
				`Request body too large (max ${bodyLimit} bytes)`
			);
		}
		throw error;
	}
}

function parseJson<Schema extends z.ZodType>(raw: Buffer, schema: Schema): z.infer<Schema> {
	let value: unknown;
	try {
		value = JSON.parse(raw.toString('utf8'));
	} catch (error) {
		const detail = raw.length === 0 ? 'unexpected end of JSON input' : (error as Error).message;
		throw badRequest('bad_json', `Could not parse request body as JSON: ${detail}`);
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = issue.path.join('.') || 'body';
		throw badRequest(
			'bad_json',
			`Could not parse request body as JSON: ${field}: ${issue.message}`
		);
	}
	return parsed.data;
}

/** The body parsed as JSON and checked against `schema`, failing as GoTrue's decoder does. */
export async function readJson<Schema extends z.ZodType>(
	req: IncomingMessage,
	schema: Schema
): Promise<z.infer<Schema>> {
	return parseJson(await rawBody(req), schema);
}

/** The same, for endpoints where the body may be left out entirely (it then reads as `{}`). */
export async function readJsonIfAny<Schema extends z.ZodType>(
	req: IncomingMessage,
	schema: Schema
): Promise<z.infer<Schema>> {
	const raw = await rawBody(req);
	return parseJson(raw.length === 0 ? Buffer.from('{}') : raw, schema);
}

/** The token after `Bearer `, or a 401 `no_authorization` as GoTrue answers without one. */
export function bearerToken(req: IncomingMessage): string {
	const match = /^bearer (\S+)$/i.exec(req.headers.authorization ?? '');
	if (!match) {
		throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
	}
	return match[1];
}

/** The first valid address in `X-Forwarded-For`, else the socket's peer. */
export function clientIp(req: IncomingMessage): string {
	const forwarded = req.headers['x-forwarded-for'];
	const list = Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '');
	for (const candidate of list.split(',').map((part) => part.trim())) {
		if (candidate && isIP(candidate)) return candidate;
	}
	return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}
