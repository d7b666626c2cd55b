// JSON request bodies, validated with zod and refused in the words of Storage's validator.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { BodyTooLargeError, readBody } from '../http';
import { storageErrors } from './errors';

const maxJsonBytes = 1024 * 1024;

function describe(issue: z.core.$ZodIssue): string {
	const path = issue.path.map(String);
	if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
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
	if (!result.success) throw storageErrors.invalidRequest(describe(result.error.issues[0]));
	return result.data;
}
