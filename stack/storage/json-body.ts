// JSON request bodies, validated with zod and refused in the words of Storage's validator.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { BodyTooLargeError, readBody } from '../http';
import { storageErrors } from './errors';

const maxJsonBytes = 1024 * 1024;

/** The value at `path` in a parsed body, or undefined where it is missing. */
function valueAt(body: unknown, path: PropertyKey[]): unknown {
	let value = body;
	for (const part of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<PropertyKey, unknown>)[part];
	}
	return value;
}

function describe(issue: z.core.$ZodIssue, body: unknown): string {
	const path = issue.path.map(String);
	if (path.length > 0 && valueAt(body, issue.path) === undefined) {
		const missing = path.pop();
		return `body${path.length ? `/${path.join('/')}` : ''} must have required property '${missing}'`;
	}
	return `body${path.length ? `/${path.join('/')}` : ''} ${issue.message}`;
}

/** The parsed body (undefined when empty), checked against `schema`. */
export async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
	let text: string;
	try {
		text = (await readBody(req, maxJsonBytes)).toString('utf8');
	} catch (error) {
		if (error instanceof BodyTooLargeError) throw storageErrors.entityTooLarge('request body');
		throw error;
	}
	let body: unknown;
	if (text.trim() !== '') {
		try {
			body = JSON.parse(text);
		} catch {
			throw storageErrors.invalidRequest(
				"Body is not valid JSON but content-type is set to 'application/json'"
			);
		}
	}
	const result = schema.safeParse(body);
	if (!result.success) throw storageErrors.invalidRequest(describe(result.error.issues[0], body));
	return result.data;
}
