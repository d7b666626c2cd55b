import type { IncomingMessage } from 'node:http';

/** A request's `x-` headers, which Supabase hands policies as `request.headers`. */
export const xHeaders = (req: IncomingMessage): Record<string, string> =>
	Object.fromEntries(
		Object.entries(req.headers).filter(
			(entry): entry is [string, string] =>
				entry[0].startsWith('x-') && typeof entry[1] === 'string'
		)
	);
