// Small helpers for writing responses and reading bodies with Node's http module.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: OutgoingHttpHeaders = {}
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...headers
	});
	res.end(text);
}

export function sendEmpty(
	res: ServerResponse,
	status = 204,
	headers: OutgoingHttpHeaders = {}
): void {
	res.writeHead(status, headers);
	res.end();
}

export class BodyTooLargeError extends Error {
	name = 'BodyTooLargeError';
	constructor(readonly limit: number) {
		super(`request body is larger than ${limit} bytes`);
	}
}

/** The whole request body, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new BodyTooLargeError(limit);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}
